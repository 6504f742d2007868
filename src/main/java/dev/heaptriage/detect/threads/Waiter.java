package dev.heaptriage.detect.threads;

import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.StackFrame;
import java.util.List;
import java.util.Locale;

/**
 * One judged thread and what could wake or stop it. {@code wakers} are the objects through which another thread
 * could signal or stop it: the queue or synchronizer, the monitor candidates, or the owner whose stop API ends it (the
 * pool, the {@code Timer}, the event executor and its group, the wheel timer, the thread's {@code Runnable} and its
 * stop flag). The thread is stuck when the walk that leaves out the judged threads reaches none of them and nothing
 * reached holds its {@code Thread} object.
 *
 * @param structure   what the thread waits on or belongs to: queue/synchronizer/monitor, pool, timer queue, event
 *                    loop group, wheel timer, {@code Runnable} (grouping and evidence)
 * @param blockerKind simple class name of that structure, e.g. {@code SynchronousQueue}, {@code ThreadPoolExecutor},
 *                    {@code MultiThreadIoEventLoopGroup}; for a plain thread the class of its code
 * @param trimmed     stack frames from the blocking API call down; what the group shares
 * @param creator     for owned threads: the application code that holds or made the owner, as class names, or ""
 * @param acts        the thread runs code by itself (a timer, an event loop, a flag loop, a busy worker): even when
 *                    nobody can stop it, it may still wake others
 */
record Waiter(HeapThread thread, Kind kind, int structure, String blockerKind, int[] wakers,
              List<StackFrame> trimmed, String creator, boolean acts) {

    /** The shapes of waiting or running forever this detector understands. */
    enum Kind {
        /** Parked on a queue, synchronizer, future or exchanger (the park blocker leads to it). */
        SYNCHRONIZER,
        /** In {@code Object.wait()} on a monitor. */
        MONITOR,
        /** A worker of a JDK thread pool: only the pool can hand it work or shut it down. */
        POOL,
        /** A {@code java.util.Timer}'s thread. */
        TIMER,
        /** The thread of a Netty event executor or event loop. */
        EVENT_LOOP,
        /** The worker of a Netty {@code HashedWheelTimer}. */
        WHEEL_TIMER,
        /** Any other thread that runs its own loop (its {@code Runnable} holds what stops it). */
        LOOP;

        /** The owner's thread lives as long as the owner: grouped by owner class and creator, not by stack. */
        boolean owned() {
            return this != SYNCHRONIZER && this != MONITOR;
        }

        /** The fingerprint's word for the kind: {@code pool}, {@code event-loop}, ... */
        String token() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The same thread with the creator found after the walk. */
    Waiter withCreator(String c) {
        return new Waiter(thread, kind, structure, blockerKind, wakers, trimmed, c, acts);
    }

    /**
     * Owned threads run library or JDK code only, so their stacks say nothing about the creator and differ by what the
     * loop happens to do: they are grouped by owner class and creator instead. Everything else is grouped by blocker
     * kind and the shared stack, which names the application code.
     */
    GroupKey groupKey() {
        if (kind.owned()) {
            return new GroupKey(kind, blockerKind, thread.virtual(), creator, List.of());
        }
        return new GroupKey(kind, blockerKind, thread.virtual(), "",
                trimmed.stream().map(WaitClassifier::frameKey).toList());
    }

    /**
     * What threads of one finding share: kind of wait, blocker, platform or virtual, and the creator (owned threads)
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
            if (kind.owned()) {
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
