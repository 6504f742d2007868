package dev.heaptriage.scenarios;

/** Near miss of {@link SuspectThreadLocalPool}: the same tasks, each calling {@code TASK_LOG.remove()} in finally. */
public final class SuspectThreadLocalRemoved {
    public static void main(String[] args) throws Exception {
        SuspectThreadLocalPool.run(args[0], true);
    }
}
