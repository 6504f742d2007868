package dev.heaptriage.scenarios;

/**
 * The near miss of {@link FdDroppedStreams}: the same work, every stream, zip file, directory stream, selector,
 * channel and plugin class loader closed. With the same {@code NativePRNG} in use and the same child process waited
 * for. {@code unclosed-fd} must report nothing here.
 */
public final class FdDroppedStreamsDoneRight {
    private FdDroppedStreamsDoneRight() {
    }

    public static void main(String[] args) throws Exception {
        FdDroppedStreams.run(args[0], true);
    }
}
