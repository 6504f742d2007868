package dev.heaptriage.detect.threads;

import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.StackFrame;
import java.util.List;

/**
 * One waiting thread and what could wake it. {@code wakers} are the objects through which another thread could
 * signal it: the queue or synchronizer, the pool, the {@code Timer} objects, the monitor candidates. The thread is
 * stuck when the walk that leaves out waiting threads reaches none of them.
 *
 * @param structure   the queue/synchronizer/pool/timer queue/monitor this thread waits on (grouping and evidence)
 * @param blockerKind simple JDK class name of the blocker, e.g. {@code SynchronousQueue}, {@code ThreadPoolExecutor}
 * @param trimmed     stack frames from the blocking API call down; what the group shares
 * @param creator     for pools and timers: the application class that reveals the creator (factory or task), or ""
 */
record Waiter(HeapThread thread, Kind kind, int structure, String blockerKind, int[] wakers,
              List<StackFrame> trimmed, String creator) {

    /** The shapes of waiting this detector understands. */
    enum Kind {
        /** Parked on a queue, synchronizer, future or exchanger (the park blocker leads to it). */
        SYNCHRONIZER,
        /** In {@code Object.wait()} on a monitor. */
        MONITOR,
        /** An idle worker of a thread pool, waiting for work from the pool's queue. */
        POOL,
        /** A {@code java.util.Timer}'s thread. */
        TIMER
    }

    /**
     * Pool workers and timer threads run JDK code only, so their stacks say nothing about the creator and differ by
     * whether a task is due (timed or untimed wait): they are grouped by pool class and creator instead. Everything
     * else is grouped by blocker kind and the shared stack, which names the application code.
     */
    GroupKey groupKey() {
        if (kind == Kind.POOL || kind == Kind.TIMER) {
            return new GroupKey(kind, blockerKind, thread.virtual(), creator, List.of());
        }
        return new GroupKey(kind, blockerKind, thread.virtual(), "",
                trimmed.stream().map(WaitClassifier::frameKey).toList());
    }

    /**
     * What threads of one finding share: kind of wait, blocker, platform or virtual, and the creator (pools, timers)
     * or the shared stack as {@link WaitClassifier#frameKey} entries (everything else).
     */
    record GroupKey(Kind kind, String blockerKind, boolean virtual, String creator, List<String> frames)
            implements Comparable<GroupKey> {

        /**
         * Groups are numbered (#2, #3) in this order when their fingerprints collide, so it must be the same in every
         * dump of the same code: kind, blocker, creator or virtual flag, then frame by frame.
         */
        @Override
        public int compareTo(GroupKey o) {
            return sortKey().compareTo(o.sortKey());
        }

        private String sortKey() {
            StringBuilder sb = new StringBuilder().append(kind).append('|').append(blockerKind).append('|');
            if (kind == Kind.POOL || kind == Kind.TIMER) {
                return sb.append(creator).append('|').append(virtual).toString();
            }
            sb.append(virtual);
            for (String f : frames) {
                sb.append('|').append(f);
            }
            return sb.toString();
        }
    }
}
