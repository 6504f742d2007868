package dev.heaptriage.scenarios;

/**
 * Near miss of {@link SuspectUnitOfWork}: the same {@value SuspectUnitOfWork#LINES} order lines persisted in one
 * session that is flushed and cleared every {@value SuspectUnitOfWork#BATCH} lines. leak-suspects reports nothing at
 * low or above.
 */
public final class SuspectUnitOfWorkCleared {
    public static void main(String[] args) throws Exception {
        SuspectUnitOfWork.run(args[0], true);
    }
}
