package dev.heaptriage.detect.jdk;

import static dev.heaptriage.detect.jdk.FinalizerCensus.idOf;
import static dev.heaptriage.detect.jdk.References.REFERENCE;
import static dev.heaptriage.detect.jdk.References.REFERENCE_QUEUE;

import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code java.lang.ref.Cleaner}s of a dump (jdk-layouts.md §8.2): per {@code jdk.internal.ref.CleanerImpl}, the
 * cleanables whose object is gone but whose action has not run (queued in {@code CleanerImpl.queue}, or pending
 * there), and the thread that runs the actions; registered cleanables are handed to a visitor (to look for actions
 * that capture the object they clean).
 *
 * <p>Cleanables are found by class ({@code PhantomCleanable} subclasses) rather than by walking each cleaner's list,
 * because the list changed shape in 25 ({@code phantomCleanableList} sentinel in 9–21, {@code activeList} of arrays in
 * 25); the {@code queue} field ties a registered cleanable to its cleaner in every layout.
 */
public final class CleanerCensus {
    public static final String CLEANER_IMPL = "jdk.internal.ref.CleanerImpl";
    public static final String PHANTOM_CLEANABLE = "jdk.internal.ref.PhantomCleanable";

    /** Examples kept per cleaner: as many as a finding collects. */
    private static final int EXAMPLES = FinalizerCensus.EXAMPLES;

    /** Sees every cleanable still registered for an object in use. */
    public interface RegisteredVisitor {
        void registered(HeapObject cleanable, HeapObject referent, HeapObject action);
    }

    /** One cleaner and its backlog. */
    public static final class Cleaner {
        public final int implId;
        public final int queueId;
        public long queueLength = -1;
        public int queued;
        public int pending;
        public int registered;
        public long backlogRetainedBytes;
        /** Action (or cleanable) class → {count, retained bytes}, for queued and pending cleanables. */
        public final Map<String, long[]> backlogByAction = new HashMap<>();
        public final List<Integer> backlogExamples = new ArrayList<>();
        /** The thread that runs this cleaner's actions, or null when the dump does not show it. */
        public HeapThread thread;

        Cleaner(int implId, int queueId) {
            this.implId = implId;
            this.queueId = queueId;
        }

        public int backlog() {
            return queued + pending;
        }
    }

    public final List<Cleaner> cleaners = new ArrayList<>();

    public static CleanerCensus take(HeapView heap, RegisteredVisitor visitor) {
        CleanerCensus census = new CleanerCensus();
        Map<Integer, Cleaner> byQueue = new LinkedHashMap<>();
        for (HeapClass implClass : heap.classes(CLEANER_IMPL)) {
            for (int implId : implClass.instanceIds()) {
                HeapObject impl = heap.object(implId);
                HeapObject queue = impl.ref("queue");
                if (queue == null) {
                    continue;
                }
                Cleaner c = new Cleaner(implId, queue.id());
                if (queue.value(REFERENCE_QUEUE, "queueLength") instanceof Number n) {
                    c.queueLength = n.longValue();
                }
                byQueue.put(queue.id(), c);
                census.cleaners.add(c);
            }
        }
        if (byQueue.isEmpty()) {
            return census;
        }
        HeapClass queueClass = FinalizerCensus.bootstrapClass(heap, REFERENCE_QUEUE);
        int enqueuedId = queueClass == null ? -1 : idOf(queueClass.staticRef("ENQUEUED"));
        for (HeapClass cls : heap.classesAssignableTo(PHANTOM_CLEANABLE)) {
            for (int id : cls.instanceIds()) {
                HeapObject cleanable = heap.object(id);
                int queue = idOf(cleanable.ref(REFERENCE, "queue"));
                HeapObject referent = cleanable.ref(REFERENCE, "referent");
                HeapObject action = cleanable.hasField("action") ? cleanable.ref("action") : null;
                Cleaner owner = byQueue.get(queue);
                if (owner != null && !unlinked(cleanable)) {
                    if (referent == null) {
                        // 9+ clears a phantom referent when the GC discovers it; still registered with the cleaner's
                        // queue means the Reference Handler has not enqueued it yet.
                        owner.pending++;
                        census.addBacklog(heap, owner, id, action);
                    } else {
                        owner.registered++;
                        visitor.registered(cleanable, referent, action);
                    }
                }
            }
        }
        for (Cleaner c : census.cleaners) {
            census.walkQueue(heap, c, enqueuedId);
            c.thread = cleanerThread(heap, c.implId);
        }
        return census;
    }

    /** Queued cleanables are found from the cleaner's queue: once enqueued, {@code queue} no longer names it. */
    private void walkQueue(HeapView heap, Cleaner c, int enqueuedId) {
        HeapObject r = heap.object(c.queueId).ref(REFERENCE_QUEUE, "head");
        long limit = Math.max(c.queueLength, 0) + 1;
        while (r != null && c.queued < limit) {
            if (idOf(r.ref(REFERENCE, "queue")) == enqueuedId) {
                c.queued++;
                addBacklog(heap, c, r.id(), r.hasField("action") ? r.ref("action") : null);
            }
            HeapObject next = r.ref(REFERENCE, "next");
            if (next == null || next.id() == r.id()) {
                break;
            }
            r = next;
        }
    }

    private void addBacklog(HeapView heap, Cleaner c, int cleanableId, HeapObject action) {
        String key = JdkClasses.stableClassName(
                action != null ? action.className() : heap.classOf(cleanableId).name());
        // The cleanable's own size plus its action's subtree; not the cleanable's retained size, because queued
        // cleanables form a chain (Reference.next) in which each would dominate the rest.
        long retained = heap.shallowBytes(cleanableId) + (action == null ? 0 : heap.retainedBytes(action.id()));
        long[] perAction = c.backlogByAction.computeIfAbsent(key, k -> new long[2]);
        perAction[0]++;
        perAction[1] += retained;
        c.backlogRetainedBytes += retained;
        if (c.backlogExamples.size() < EXAMPLES) {
            c.backlogExamples.add(cleanableId);
        }
    }

    /**
     * The thread running this cleaner: {@code CleanerImpl.run} has the CleanerImpl as its receiver local. The common
     * cleaner's thread is "Common-Cleaner", others "Cleaner-N" (jdk-layouts §8.2).
     */
    private static HeapThread cleanerThread(HeapView heap, int implId) {
        for (FrameLocal f : heap.framesHolding(implId)) {
            if (f.frame().className().equals(CLEANER_IMPL) && f.frame().methodName().equals("run")) {
                return f.thread();
            }
        }
        return null;
    }

    /**
     * True when the cleanable was taken off its cleaner's list: {@code clean()} or {@code clear()} was called, the
     * resource was closed. Its referent is null and its queue is still the cleaner's, exactly like a cleanable the
     * GC found, so without this check every closed-but-referenced resource would look like a waiting action.
     * Up to 21 a removed cleanable links to itself ({@code next == this}); 25 drops its {@code node}.
     */
    public static boolean unlinked(HeapObject cleanable) {
        HeapClass declaring = cleanable.heapClass();
        while (declaring != null && !declaring.name().equals(PHANTOM_CLEANABLE)) {
            declaring = declaring.superclass();
        }
        if (declaring == null) {
            return false;
        }
        java.util.List<String> fields = declaring.declaredFieldNames();
        if (fields.contains("next")) {
            HeapObject next = cleanable.ref(PHANTOM_CLEANABLE, "next");
            return next != null && next.id() == cleanable.id();
        }
        if (fields.contains("node")) {
            return cleanable.ref(PHANTOM_CLEANABLE, "node") == null;
        }
        return false;
    }
}
