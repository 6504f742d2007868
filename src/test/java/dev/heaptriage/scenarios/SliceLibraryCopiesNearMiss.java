package dev.heaptriage.scenarios;

/** {@link SliceLibraryViews} done right: every view replaced by a copy of what it sees. Nothing may be reported. */
public final class SliceLibraryCopiesNearMiss {
    public static void main(String[] args) throws Exception {
        SliceLibraryViews.main(new String[] {args[0], "copies"});
    }
}
