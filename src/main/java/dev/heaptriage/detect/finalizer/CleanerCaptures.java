package dev.heaptriage.detect.finalizer;

import dev.heaptriage.detect.ReachabilityFilter;
import dev.heaptriage.detect.jdk.CleanerCensus;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cleaning actions that capture the object they clean: such an object is strongly reachable from its own cleaner
 * (cleaner → list → cleanable → action → object), so it never becomes phantom reachable and is never cleaned or
 * collected. Fed every registered cleanable by {@link CleanerCensus#take}.
 */
final class CleanerCaptures implements CleanerCensus.RegisteredVisitor {
    /** How deep below a cleaning action to look for the object it cleans. Lambdas hold captures in their own fields
     *  (depth 1), inner classes in {@code this$0} (1), a state object two or three steps down. */
    private static final int CAPTURE_SEARCH_DEPTH = 3;
    /** Objects visited per action at most, so a large captured graph does not make the search slow. */
    private static final int CAPTURE_SEARCH_LIMIT = 64;

    /** A cleanable whose action reaches its own referent. */
    record Capture(int cleanableId, int referentId, String referentClass, String actionClass, String via) {
    }

    private final HeapView heap;
    private final ReachabilityFilter filter;
    final List<Capture> captures = new ArrayList<>();

    CleanerCaptures(HeapView heap, ReachabilityFilter filter) {
        this.heap = heap;
        this.filter = filter;
    }

    @Override
    public void registered(HeapObject cleanable, HeapObject referent, HeapObject action) {
        Capture c = capture(cleanable, referent, action);
        if (c != null) {
            captures.add(c);
        }
    }

    /**
     * Whether {@code action} reaches {@code referent} in a few strong steps. If it does, the object is strongly
     * reachable from its own cleaner (cleaner → list → cleanable → action → object) and can never become phantom
     * reachable: it is never cleaned and never collected.
     */
    private Capture capture(HeapObject cleanable, HeapObject referent, HeapObject action) {
        if (action == null) {
            return null;
        }
        int target = referent.id();
        if (action.id() == target) {
            return new Capture(cleanable.id(), target, referent.className(),
                    JdkClasses.stableClassName(action.className()), "the action is the object");
        }
        List<Integer> frontier = List.of(action.id());
        int visited = 0;
        Set<Integer> seen = new HashSet<>(frontier);
        for (int depth = 1; depth <= CAPTURE_SEARCH_DEPTH && !frontier.isEmpty(); depth++) {
            List<Integer> next = new ArrayList<>();
            for (int from : frontier) {
                for (int to : heap.referents(from)) {
                    if (to == target) {
                        return new Capture(cleanable.id(), target, referent.className(),
                                JdkClasses.stableClassName(action.className()),
                                depth == 1 ? fieldNaming(action, target) : depth + " references down");
                    }
                    if (visited++ >= CAPTURE_SEARCH_LIMIT) {
                        return null;
                    }
                    if (seen.add(to) && filter.canTraverse(to)) {
                        next.add(to);
                    }
                }
            }
            frontier = next;
        }
        return null;
    }

    /** {@code action.arg$1}: the field of {@code holder} that references {@code target}. */
    static String fieldNaming(HeapObject holder, int target) {
        for (HeapClass c = holder.heapClass(); c != null; c = c.superclass()) {
            for (String field : c.declaredFieldNames()) {
                HeapObject v = holder.ref(c.name(), field);
                if (v != null && v.id() == target) {
                    return "field " + field;
                }
            }
        }
        return "a field";
    }
}
