package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code java.lang.ref.Finalizer} of a dump, classified by state as jdk-layouts.md §8.1 describes (fields keyed
 * by declaring class, because {@code Finalizer.next} shadows {@code Reference.next}):
 * <ul>
 *   <li>registered: {@code queue == Finalizer.queue}, {@code Reference.next == null} (object in use, or not yet
 *       found unreachable);</li>
 *   <li>pending: {@code queue == Finalizer.queue}, {@code Reference.next == this} (found unreachable by the GC, not
 *       yet handed to the queue by the Reference Handler);</li>
 *   <li>queued: {@code queue == ReferenceQueue.ENQUEUED} (waiting for the Finalizer thread);</li>
 *   <li>finalizing: {@code queue == NULL/NULL_QUEUE} and the referent still set ({@code finalize()} has been taken
 *       off the queue and has not returned: the Finalizer thread's current object);</li>
 *   <li>finalized: {@code queue == NULL/NULL_QUEUE}, referent cleared.</li>
 * </ul>
 */
public final class FinalizerCensus {
    private static final String REFERENCE = References.REFERENCE;
    private static final String REFERENCE_QUEUE = References.REFERENCE_QUEUE;

    /** How many queued objects, from the head of the queue, are kept as examples. */
    public static final int EXAMPLES = 25;

    public int registered;
    public int pending;
    public int queued;
    public int finalizing;
    public int finalized;
    /** Finalizers whose queue is none of the known ones (not expected; reported so it is not silently lost). */
    public int unknown;
    /** {@code Finalizer.queue.queueLength}, or -1 if the dump does not have it. */
    public long queueLength = -1;
    /**
     * Bytes freed once the queue is drained: Σ of each queued Finalizer's own size and its referent's retained size.
     * Not Σ of the Finalizers' retained sizes: the queue is a chain, so each Finalizer dominates the rest of it.
     */
    public long queuedRetainedBytes;
    /** Referent class → {count, retained bytes of the referents}, queued objects only. */
    public final Map<String, long[]> queuedByClass = new HashMap<>();
    /** Referents of the queued Finalizers nearest the head of the queue (the next to be finalized). */
    public final List<Integer> queuedExamples = new ArrayList<>();
    /** The referent of the Finalizer being finalized now, or -1. */
    public int finalizingReferent = -1;
    /** Every object that still has a finalizer to run (registered, pending, queued, finalizing). */
    public final BitSet finalizable = new BitSet();
    /** Of those, the ones the GC has already found unreachable (pending, queued, finalizing). */
    public final BitSet waiting = new BitSet();

    /** Null when the dump has no {@code Finalizer} class (not a HotSpot-like JDK). */
    public static FinalizerCensus take(HeapView heap) {
        HeapClass finalizerClass = bootstrapClass(heap, "java.lang.ref.Finalizer");
        HeapClass queueClass = bootstrapClass(heap, REFERENCE_QUEUE);
        if (finalizerClass == null || queueClass == null) {
            return null;
        }
        FinalizerCensus c = new FinalizerCensus();
        HeapObject finalizerQueue = finalizerClass.staticRef("queue");
        int finalizerQueueId = finalizerQueue == null ? -1 : finalizerQueue.id();
        int enqueuedId = idOf(queueClass.staticRef("ENQUEUED"));
        // The "no queue" sentinel is NULL up to 21 and NULL_QUEUE in 25 (jdk-layouts §11).
        HeapObject nullQueue = queueClass.staticRef("NULL_QUEUE") != null ? queueClass.staticRef("NULL_QUEUE")
                : queueClass.staticRef("NULL");
        int nullQueueId = idOf(nullQueue);
        if (finalizerQueue != null && finalizerQueue.value(REFERENCE_QUEUE, "queueLength") instanceof Number n) {
            c.queueLength = n.longValue();
        }
        // Classified from the outbound reference index, not by reading each Finalizer's fields: with a million
        // Finalizers, resolving three reference fields each costs tens of seconds, the index lookups about one.
        // This works because the fields are told apart by what they point to: the queue field to one of three known
        // queue objects, next/prev/discovered to other references (or to the Finalizer itself: Reference.next ==
        // this), and the referent to the only object that is none of these.
        int[] ids = finalizerClass.instanceIds();
        BitSet finalizers = new BitSet();
        for (int id : ids) {
            finalizers.set(id);
        }
        BitSet referenceClasses = new BitSet();
        for (HeapClass rc : heap.classesAssignableTo(REFERENCE)) {
            referenceClasses.set(rc.id());
        }
        for (int id : ids) {
            boolean enqueued = false;
            boolean inFinalizerQueue = false;
            boolean noQueue = false;
            boolean self = false;
            int referent = -1;
            boolean ambiguous = false;
            for (int to : heap.referents(id)) {
                if (to == enqueuedId) {
                    enqueued = true;
                } else if (to == finalizerQueueId) {
                    inFinalizerQueue = true;
                } else if (to == nullQueueId) {
                    noQueue = true;
                } else if (to == id) {
                    self = true;
                } else if (to == finalizerClass.id() || finalizers.get(to)
                        || referenceClasses.get(heap.classOf(to).id())) {
                    continue; // the class, Finalizer.next/prev, or discovered (next on the GC's pending list)
                } else if (referent < 0) {
                    referent = to;
                } else {
                    ambiguous = true;
                }
            }
            if (ambiguous) {
                // Should not happen (one referent per reference); read the fields rather than guess.
                HeapObject f = heap.object(id);
                int queue = idOf(f.ref(REFERENCE, "queue"));
                enqueued = queue == enqueuedId;
                inFinalizerQueue = queue == finalizerQueueId;
                noQueue = queue == nullQueueId;
                self = idOf(f.ref(REFERENCE, "next")) == id;
                referent = idOf(f.ref(REFERENCE, "referent"));
            }
            c.classify(heap, id, enqueued && enqueuedId >= 0, inFinalizerQueue && finalizerQueueId >= 0,
                    noQueue || !enqueued && !inFinalizerQueue, self, referent);
        }
        c.collectQueueHead(finalizerQueue);
        return c;
    }

    private void classify(HeapView heap, int id, boolean enqueued, boolean inFinalizerQueue, boolean noQueue,
                          boolean nextIsSelf, int referent) {
        if (enqueued) {
            queued++;
            queuedRetainedBytes += heap.shallowBytes(id);
            if (referent >= 0) {
                long referentRetained = heap.retainedBytes(referent);
                queuedRetainedBytes += referentRetained;
                long[] perClass = queuedByClass.computeIfAbsent(heap.classOf(referent).name(), k -> new long[2]);
                perClass[0]++;
                perClass[1] += referentRetained;
                mark(referent, true);
            }
        } else if (inFinalizerQueue) {
            // For a FinalReference the GC sets next = this when it discovers it (9+; ≤8 the pending list does).
            if (nextIsSelf) {
                pending++;
            } else {
                registered++;
            }
            if (referent >= 0) {
                mark(referent, nextIsSelf);
            }
        } else if (noQueue) {
            if (referent >= 0) {
                // Taken off the queue, finalize() not returned yet (runFinalizer clears the referent after it).
                finalizing++;
                finalizingReferent = referent;
                mark(referent, true);
            } else {
                finalized++;
            }
        } else {
            unknown++;
        }
    }

    private void mark(int referent, boolean isWaiting) {
        finalizable.set(referent);
        if (isWaiting) {
            waiting.set(referent);
        }
    }

    /** Examples in queue order: the queue is a chain through {@code Reference.next}; the last points to itself. */
    private void collectQueueHead(HeapObject queue) {
        if (queue == null) {
            return;
        }
        HeapObject r = queue.ref(REFERENCE_QUEUE, "head");
        while (r != null && queuedExamples.size() < EXAMPLES) {
            HeapObject referent = r.ref(REFERENCE, "referent");
            if (referent != null) {
                queuedExamples.add(referent.id());
            }
            HeapObject next = r.ref(REFERENCE, "next");
            if (next == null || next.id() == r.id()) {
                break;
            }
            r = next;
        }
    }

    public static HeapClass bootstrapClass(HeapView heap, String name) {
        List<HeapClass> all = heap.classes(name);
        for (HeapClass c : all) {
            if (c.classLoaderId() == 0) {
                return c;
            }
        }
        return all.isEmpty() ? null : all.get(0);
    }

    public static int idOf(HeapObject o) {
        return o == null ? -1 : o.id();
    }
}
