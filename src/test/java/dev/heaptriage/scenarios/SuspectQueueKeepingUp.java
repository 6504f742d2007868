package dev.heaptriage.scenarios;

/** Near miss of {@link SuspectQueue}: the same orders through the same unbounded queue, a consumer that keeps up. */
public final class SuspectQueueKeepingUp {
    public static void main(String[] args) throws Exception {
        SuspectQueue.run(args[0], false);
    }
}
