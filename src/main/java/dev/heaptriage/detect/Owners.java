package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.text.Text;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Finds the owner of an object: its nearest holder in application code (DESIGN.md §4), shared by every detector.
 *
 * <p>It walks up the referrers breadth first (nearest holder first) and stops at an application object (its field),
 * a class of the application (a static field) or a thread (a local of one of its frames, a value in its
 * {@code ThreadLocal} map, its own field). JDK and library objects are walked through: the application field that
 * holds the library client is what a developer changes, the library's own fields stay in the evidence path. Edges that
 * keep nothing alive are skipped: a reference's {@code referent} (the finalizer's, a cleaner's or a weak hold) and
 * {@code FileDescriptor}'s back-pointers to the streams that share it, and a class's references other than its static
 * fields (constants, protection domain), except to its own class loader: a loader is held by whoever holds its
 * classes' instances, so the walk goes on from the class to them. A JDK or library class's static field is not
 * walked through (its class is held by its loader, and everything by the class); it is the owner only when no
 * application holder is found.
 *
 * <p>Every object a walk passes on its way to the owner is remembered with that owner, and a later walk that meets
 * one of them stops there: a thousand streams in one list, or in a linked list or queue whose nodes only point at each
 * other, cost about one walk over the structure, not one each. A walk that visits {@value #SEARCH_LIMIT} objects
 * follows the shortest path to a GC root instead.
 */
public final class Owners {
    /** How many objects one search may visit before it follows the shortest GC-root path instead. */
    static final int SEARCH_LIMIT = 10_000;
    private static final String REFERENCE = "java.lang.ref.Reference";

    /**
     * Among holders at the same distance: a static field, then a field, a lambda's capture, a thread-local, a local,
     * the thread itself; then by key and label, so the choice is the same in every dump of the same program.
     */
    private static final java.util.Comparator<Owner> PREFERENCE = java.util.Comparator
            .comparingInt((Owner o) -> switch (o.kind()) {
                case STATIC_FIELD -> 0;
                case FIELD -> 1;
                case CAPTURED -> 2;
                case THREAD_LOCAL -> 3;
                case LOCAL -> 4;
                case THREAD -> 5;
                default -> 6;
            })
            .thenComparing(Owner::key)
            .thenComparing(o -> o.label().shown()); // not a sentence: an order only

    private final HeapView heap;
    private final AppCode app;
    private final Map<Integer, Owner> resolved = new HashMap<>();
    private BitSet foreign;

    public Owners(HeapView heap, AppCode app) {
        this.heap = heap;
        this.app = app;
    }

    /**
     * Holders the application cannot use the object through (another thread's JDK or library thread-local, a
     * library's internal registry: {@link ForeignHolders}); the search does not pass them. Computed once.
     */
    private BitSet foreign() {
        if (foreign == null) {
            foreign = ForeignHolders.of(heap, app);
        }
        return foreign;
    }

    public AppCode app() {
        return app;
    }

    /** The nearest owner of {@code objectId}; {@link Owner#UNREACHABLE} for an object that is not live. */
    public Owner of(int objectId) {
        if (!heap.isLive(objectId)) {
            return Owner.UNREACHABLE;
        }
        return search(objectId, null, resolved);
    }

    /**
     * The nearest owner of {@code objectId} that is not one of {@code excluded} and is not reached only through them:
     * for a structure that some threads keep alive (a pool that only its own workers reference), the application
     * object or static field that holds it besides them. {@link Owner#UNKNOWN} when nothing else holds it. Results
     * are not shared with {@link #of}.
     */
    public Owner ofExcept(int objectId, BitSet excluded) {
        if (!heap.isLive(objectId)) {
            return Owner.UNREACHABLE;
        }
        return search(objectId, excluded, new HashMap<>());
    }

    /**
     * The nearest application object that {@code objectId} references, directly or not, breadth first, never through
     * a class, a thread or an object in {@code excluded}; -1 when none is found within {@code limit} objects. For what
     * nothing in the application holds any more (a leaked pool), the application code it still carries (its thread
     * factory, a queued task, a handler) says who made it.
     */
    public int nearestApplicationBelow(int objectId, BitSet excluded, int limit) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        queue.add(objectId);
        seen.add(objectId);
        while (!queue.isEmpty() && seen.size() < limit) {
            int node = queue.poll();
            for (int next : heap.referents(node)) {
                if (!seen.add(next) || excluded.get(next) || heap.classById(next) != null
                        || heap.thread(next).isPresent() || heap.classOf(next).isSubclassOf("java.lang.Thread")) {
                    continue;
                }
                if (app.isApplication(heap.classOf(next).name())) {
                    return next;
                }
                queue.add(next);
            }
        }
        return -1;
    }

    private Owner search(int objectId, BitSet excluded, Map<Integer, Owner> cache) {
        Owner known = cache.get(objectId);
        if (known != null) {
            return known;
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        Map<Integer, Integer> cameFrom = new HashMap<>();
        queue.add(objectId);
        cameFrom.put(objectId, objectId);
        Owner fallback = null;
        int depth = 0;
        int fallbackDepth = -1;
        // Level by level, so that among application holders at the same distance the choice does not depend on the
        // order of MAT's referrer index (which follows addresses and so differs between runs): the best kind wins,
        // then the key, then the label.
        while (!queue.isEmpty() && cameFrom.size() < SEARCH_LIMIT) {
            Owner best = null;
            depth++;
            for (int level = queue.size(); level > 0 && cameFrom.size() < SEARCH_LIMIT; level--) {
                int node = queue.poll();
                for (int r : heap.referrers(node)) {
                    if (cameFrom.containsKey(r) || excluded != null && excluded.get(r) || foreign().get(r)
                            || !holds(r, node)) {
                        continue;
                    }
                    cameFrom.put(r, node);
                    if (isLoaderEdge(r, node) || isInstanceEdge(r, node)) {
                        // A class keeps its loader and an instance its class: whoever holds the instances holds the
                        // class and its loader (a plugin's objects keep the plugin's class loader).
                        queue.add(r);
                        continue;
                    }
                    // What r is as a holder of node, never what an earlier search found beyond r: that owner is
                    // further away than r, and taking it here would make the answer depend on the search order.
                    Owner found = classify(r, node, n -> cameFrom.getOrDefault(n, n));
                    if (found != null && found.application()) {
                        if (best == null || PREFERENCE.compare(found, best) < 0) {
                            best = found;
                        }
                        continue;
                    }
                    if (found != null || heap.classById(r) != null || heap.thread(r).isPresent()) {
                        // A JDK or library static or thread: not walked through (see the class comment).
                        // The nearest one, the best kind among equally near ones.
                        if (found != null && (fallback == null
                                || fallbackDepth == depth && PREFERENCE.compare(found, fallback) < 0)) {
                            fallback = found;
                            fallbackDepth = depth;
                        }
                        continue;
                    }
                    queue.add(r);
                }
            }
            if (best != null) {
                // Only the object itself is remembered: an object on the way may be nearer to another holder than
                // to this one (the 40th node of a pool's deque is nearer to the response that leased it), so giving
                // it this owner would make every later search depend on which object was searched first, and so
                // on the dump's addresses.
                cache.put(objectId, best);
                return best;
            }
        }
        if (!queue.isEmpty()) {
            // The bound stopped the search, not a lack of holders: a long linked list or queue. Follow the one
            // shortest path to a GC root instead and remember its steps, so the next element of the same list finds
            // its owner at once. Never cache "unknown" here: a deeper element would stop there. (The path may pass
            // the excluded objects, so a search that excludes some gives up instead.)
            return excluded == null ? alongPath(objectId) : Owner.UNKNOWN;
        }
        Owner out = fallback != null ? fallback : Owner.UNKNOWN;
        cache.put(objectId, out);
        return out;
    }

    /** The owner along the shortest path to a GC root (see {@link #of}). */
    private Owner alongPath(int objectId) {
        List<PathElement> path = heap.pathToGcRoot(objectId);
        Owner fallback = null;
        for (int i = 1; i < path.size(); i++) {
            int holder = path.get(i).objectId();
            Owner found = resolved.get(holder);
            if (found == null) {
                int at = i;
                found = classify(holder, path.get(i - 1).objectId(), n -> {
                    for (int j = at; j > 0; j--) {
                        if (path.get(j).objectId() == n) {
                            return path.get(j - 1).objectId();
                        }
                    }
                    return n;
                });
            }
            if (found != null && found.application()) {
                for (int j = 0; j < i; j++) {
                    resolved.put(path.get(j).objectId(), found);
                }
                return found;
            }
            if (found != null && fallback == null) {
                fallback = found;
            }
        }
        return fallback != null ? fallback : Owner.UNKNOWN;
    }

    /** Whether {@code holder} keeps {@code child} alive: live, and not by a referent or a back-pointer. */
    private boolean holds(int holder, int child) {
        if (!heap.isLive(holder)) {
            return false; // a live object's holders are live; this keeps Cleaner and finalizer queues out
        }
        HeapClass mirror = heap.classById(holder);
        if (mirror != null) {
            // A class holds what a developer can change only through its static fields; its other references (its
            // loader, protection domain, constants) are not holders: the class loader's real holder is elsewhere.
            return staticFieldOf(mirror, child) != null || mirror.classLoaderId() == child;
        }
        HeapClass c = heap.classOf(holder);
        if (c.name().equals("java.io.FileDescriptor")) {
            return false; // parent / otherParents point back at the streams that share the descriptor
        }
        if (c.isSubclassOf(REFERENCE)) {
            HeapObject referent = heap.object(holder).ref(REFERENCE, "referent");
            return referent == null || referent.id() != child; // other fields of a reference hold strongly
        }
        return true;
    }

    /** True when {@code holder} is a class and {@code child} its class loader (and no static field of it). */
    private boolean isLoaderEdge(int holder, int child) {
        HeapClass mirror = heap.classById(holder);
        return mirror != null && mirror.classLoaderId() == child && staticFieldOf(mirror, child) == null;
    }

    /** True when {@code child} is the class of the object {@code holder} (and not one of its fields' values). */
    private boolean isInstanceEdge(int holder, int child) {
        return heap.classById(child) != null && heap.classById(holder) == null && heap.classOf(holder).id() == child
                && heap.object(holder).fieldReferencing(child) == null;
    }

    /**
     * The owner when {@code r} is a holder a developer recognises (holding {@code child}); a JDK or library static
     * as a non-application owner; null for an object to walk through.
     *
     * @param towardStart from a node on the walk, the node one step nearer the object being resolved
     */
    private Owner classify(int r, int child, IntUnaryOperator towardStart) {
        HeapClass mirror = heap.classById(r);
        if (mirror != null) {
            String field = staticFieldOf(mirror, child);
            return new Owner(Owner.Kind.STATIC_FIELD, r, mirror.name(), field, null, null,
                    app.isApplication(mirror.name()));
        }
        HeapThread t = heap.thread(r).orElse(null);
        if (t != null) {
            return threadOwner(t, child, towardStart);
        }
        String cls = heap.classOf(r).name();
        if (!app.isApplication(cls)) {
            return null;
        }
        if (JdkClasses.isLambdaClass(cls)) {
            return new Owner(Owner.Kind.CAPTURED, r, cls, null, null, null, true);
        }
        return new Owner(Owner.Kind.FIELD, r, cls, heap.object(r).fieldReferencing(child), null, null, true);
    }

    private Owner threadOwner(HeapThread t, int child, IntUnaryOperator towardStart) {
        String threadClass = heap.classOf(t.objectId()).name();
        for (FrameLocal f : heap.framesHolding(child)) {
            if (f.thread().objectId() == t.objectId()) {
                StackFrame blamed = blamedFrame(t, f.depth());
                // A library's or the JDK's own thread (a pool's cleaner, a selector loop) holding the object in its
                // frames is not what a developer changes: walk on to the application field that holds the library.
                return new Owner(Owner.Kind.LOCAL, t.objectId(), threadClass, null, t, blamed,
                        app.isApplication(blamed.className()) && !JdkClasses.isLambdaClass(blamed.className()));
            }
        }
        HeapObject thread = heap.object(t.objectId());
        String field = thread.fieldReferencing(child);
        if ("threadLocals".equals(field) || "inheritableThreadLocals".equals(field)) {
            return new Owner(Owner.Kind.THREAD_LOCAL, t.objectId(), threadClass, threadLocalName(child, towardStart),
                    t, null, true);
        }
        if (field != null && app.isApplication(threadClass)) {
            return new Owner(Owner.Kind.FIELD, t.objectId(), threadClass, field, t, null, true);
        }
        // Thread.target / holder.task: what the thread runs. The thread is the owner a person can name, when it runs
        // application code; a library's or the JDK's thread is only a fallback.
        return new Owner(Owner.Kind.THREAD, t.objectId(), threadClass, field, t, null,
                app.isApplication(threadClass) || runsApplicationCode(t));
    }

    private boolean runsApplicationCode(HeapThread t) {
        for (StackFrame f : t.frames()) {
            if (app.isApplication(f.className()) && !JdkClasses.isLambdaClass(f.className())) {
                return true;
            }
        }
        // A dump without frames cannot tell; keep the thread as the owner, as before.
        return t.frames().isEmpty();
    }

    /** The frame to blame for a local: the nearest application frame at or below {@code depth}, else that frame. */
    private StackFrame blamedFrame(HeapThread t, int depth) {
        List<StackFrame> frames = t.frames();
        for (int i = depth; i < frames.size(); i++) {
            String c = frames.get(i).className();
            if (app.isApplication(c) && !JdkClasses.isLambdaClass(c)) {
                return frames.get(i);
            }
        }
        return frames.get(depth);
    }

    /**
     * The {@code ThreadLocal} whose value the walk came through, named by the field that holds it
     * ({@code com.acme.Ctx.CURRENT}), else by its class; null when the walk did not pass an entry.
     */
    private String threadLocalName(int map, IntUnaryOperator towardStart) {
        int n = map;
        for (int step = 0; step < 3; step++) {
            int next = towardStart.applyAsInt(n);
            if (next == n) {
                return null;
            }
            n = next;
            HeapObject o = heap.object(n);
            if (o.className().equals("java.lang.ThreadLocal$ThreadLocalMap$Entry")) {
                HeapObject local = o.ref(REFERENCE, "referent");
                return local == null ? null : threadLocalHolder(local);
            }
        }
        return null;
    }

    private String threadLocalHolder(HeapObject local) {
        for (int r : heap.referrers(local.id())) {
            HeapClass mirror = heap.classById(r);
            if (mirror != null) {
                String f = staticFieldOf(mirror, local.id());
                if (f != null) {
                    return mirror.name() + "." + f;
                }
            } else if (app.isApplication(heap.classOf(r).name()) && !heap.thread(r).isPresent()) {
                String f = heap.object(r).fieldReferencing(local.id());
                if (f != null) {
                    return heap.classOf(r).name() + "." + f;
                }
            }
        }
        return JdkClasses.stableClassName(local.className());
    }

    private static String staticFieldOf(HeapClass c, int child) {
        for (String f : c.staticFieldNames()) {
            if (c.staticValue(f) instanceof HeapObject v && v.id() == child) {
                return f;
            }
        }
        return null;
    }

    /**
     * The owner a path shows (object first, root last), for evidence whose path is at hand: the application field
     * nearest to the object ({@code com.acme.Cache.files (static field)}), else the nearest field of any non-JDK
     * class, else the GC root ({@code local of thread 'main' in Main.run}). Null for an empty path.
     */
    public Text onPath(List<PathElement> path) {
        String library = null;
        for (int i = 1; i < path.size(); i++) {
            PathElement holder = path.get(i);
            if (!holder.via().isField() || JdkClasses.isJdkClass(holder.className())) {
                continue;
            }
            String label = holder.className() + "." + holder.via().name()
                    + (holder.isClass() ? " (static field)" : " (field)");
            if (app.isApplication(holder.className())) {
                return Text.of(label);
            }
            if (library == null) {
                library = label;
            }
        }
        if (library != null) {
            return Text.of(library);
        }
        if (path.isEmpty()) {
            return null;
        }
        PathElement root = path.get(path.size() - 1);
        if (!root.roots().isEmpty()) {
            return Evidences.rootText(root.roots());
        }
        return Text.of("unreachable (waiting for garbage collection), held by " + root.className());
    }
}
