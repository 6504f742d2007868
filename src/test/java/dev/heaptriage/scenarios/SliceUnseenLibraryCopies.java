package dev.heaptriage.scenarios;

import dev.heaptriage.testing.ScenarioJvm;

/** {@link SliceUnseenLibraryViews} done right: every view replaced by a copy of what it sees. Nothing may be reported. */
/* Agrona 2 reads jdk.internal.misc.Unsafe (its README: --add-exports java.base/jdk.internal.misc=ALL-UNNAMED). */
@ScenarioJvm("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public final class SliceUnseenLibraryCopies {
    public static void main(String[] args) throws Exception {
        SliceUnseenLibraryViews.main(new String[] {args[0], "copies"});
    }
}
