package dev.heaptriage.scenarios;

/**
 * A finalizer backlog large enough to be a heap suspect: {@link FinalizerBlocked}'s stuck Finalizer thread with
 * {@value #QUEUED} handles of {@value FinalizerBlocked#PAYLOAD_BYTES} bytes waiting behind it, most of the heap.
 * What to observe: finalizer-backlog reports them, and leak-suspects leaves these bytes to it (nothing at low or
 * above).
 */
public final class SuspectFinalizerBacklog {
    public static final int QUEUED = 80_000;

    public static void main(String[] args) throws Exception {
        FinalizerBlocked.run(args[0], QUEUED);
    }
}
