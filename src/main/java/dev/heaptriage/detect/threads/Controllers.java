package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.jdk.Executors;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The library object that controls a group of leaked threads, found by structure, never by class name (issue 21): the
 * object the threads share and that nothing but they keep alive, and the stop call that would have ended them.
 *
 * <p>For pool workers it is their pool; for a thread running a loop of a library, the object the loop belongs to: the
 * outer instance of an inner {@code Runnable} or thread class ({@code this$0}: a thread pool's runner, a client
 * connection's send thread), else the first object (by field name) of a library class that the code object holds and that the running
 * application does not reach (a scheduler thread's scheduler, a background writer's store; a shared logger is
 * reached, so it is skipped). A JDK pool made by a library is told apart from another library's by the thread factory
 * that made its threads.
 *
 * <p>The stop call: a heap dump records fields but not methods, so it is read from the lifecycle state the class and
 * its library superclasses declare: a field about being disposed ({@code dispose()}), shut down ({@code shutdown()}),
 * closed ({@code close()}) or stopped or running ({@code stop()}); {@code close()} when none says; {@code shutdown()}
 * for a JDK pool.
 */
final class Controllers {
    /**
     * The controlling object, its class as users read it, what groups it (the class, and for a JDK pool the library
     * thread factory that made its threads) and its stop call.
     */
    record Controller(int id, String className, String key, String stopCall) {
    }

    private final HeapView heap;
    private final AppCode app;
    private final LeakWalk walk;
    private final Map<Integer, Controller> byStart = new HashMap<>();

    Controllers(HeapView heap, AppCode app, LeakWalk walk) {
        this.heap = heap;
        this.app = app;
        this.walk = walk;
    }

    /** The controller of a stuck owned thread's group, or null when it belongs to no library object. */
    Controller of(Waiter w) {
        int start = start(w);
        if (start < 0) {
            return null;
        }
        return byStart.computeIfAbsent(start, this::controller);
    }

    /** Pool workers: their pool; a loop: the object it belongs to (see the class comment). */
    private int start(Waiter w) {
        if (w.kind() == Waiter.Kind.POOL) {
            return w.structure();
        }
        if (w.kind() != Waiter.Kind.LOOP) {
            return -1;
        }
        HeapObject code = heap.object(w.structure());
        if (!app.isLibrary(code.className())) {
            return -1;
        }
        int firstLibrary = -1;
        for (HeapClass k = code.heapClass(); k != null && !JdkClasses.isJdkClass(k.name()); k = k.superclass()) {
            // By name, not in dump order: the JVM lays fields out differently from one release to the next.
            for (String f : new java.util.TreeSet<>(k.declaredFieldNames())) {
                if (code.value(k.name(), f) instanceof HeapObject o && candidate(o.id())) {
                    if (f.startsWith("this$")) {
                        return o.id();
                    }
                    if (firstLibrary < 0) {
                        firstLibrary = o.id();
                    }
                }
            }
        }
        return firstLibrary >= 0 ? firstLibrary : code.id();
    }

    private Controller controller(int start) {
        HeapObject o = heap.object(start);
        HeapClass c = o.heapClass();
        String cls = JdkClasses.stableClassName(c.name());
        if (!JdkClasses.isJdkClass(c.name())) {
            return new Controller(start, cls, cls, stopCall(c));
        }
        HeapObject factory = Executors.threadFactory(o);
        String made = factory == null || JdkClasses.isJdkClass(factory.className()) ? ""
                : " of " + JdkClasses.stableClassName(factory.className());
        return new Controller(start, cls, cls + made, "shutdown()");
    }

    /** A library object (not a thread, reference, lambda or array) that the running application does not reach. */
    private boolean candidate(int id) {
        if (heap.classById(id) != null || !heap.isLive(id) || walk.reachedByLive(id) || walk.isBarrier(id)) {
            return false;
        }
        HeapClass c = heap.classOf(id);
        return app.isLibrary(c.name()) && !c.isArrayType() && !c.isSubclassOf("java.lang.Thread")
                && !c.isSubclassOf("java.lang.ref.Reference") && !JdkClasses.isLambdaClass(c.name());
    }

    /** The stop call the class's lifecycle fields point at (see the class comment). */
    static String stopCall(HeapClass c) {
        List<String> fields = new ArrayList<>();
        for (HeapClass k = c; k != null && !JdkClasses.isJdkClass(k.name()); k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                fields.add(f.toLowerCase(Locale.ROOT));
            }
        }
        for (String[] rule : new String[][] {{"dispos", "dispose()"}, {"shutdown", "shutdown()"},
                {"close", "close()"}, {"stop", "stop()"}, {"running", "stop()"}}) {
            for (String f : fields) {
                if (f.contains(rule[0])) {
                    return rule[1];
                }
            }
        }
        return "close()";
    }
}
