package dev.heaptriage.load;

/**
 * Asked, before MAT parses a dump, whether this JVM has the heap the dump needs ({@link HeapNeeds}). It may let the
 * load go on, or stop it with {@link Relaunch} (the caller then runs it again in a JVM with more heap) or with a
 * {@link ResourceException} (the machine does not have the memory).
 */
public interface MemoryCheck {
    /** Goes on by default: the caller decides nothing about memory (tests, embedded use). */
    MemoryCheck NONE = needed -> { };

    void check(long neededBytes) throws ResourceException;

    /** Thrown by a check that wants the load to run again in a JVM with {@code heapMib} MiB of heap. */
    final class Relaunch extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long heapMib;
        private final long neededBytes;

        public Relaunch(long heapMib, long neededBytes) {
            super("re-launch with -Xmx" + heapMib + "m", null, false, false);
            this.heapMib = heapMib;
            this.neededBytes = neededBytes;
        }

        public long heapMib() {
            return heapMib;
        }

        public long neededBytes() {
            return neededBytes;
        }
    }
}
