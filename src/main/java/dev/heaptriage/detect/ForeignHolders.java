package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.References;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.BitSet;

/**
 * References that keep an object alive but through which the application can neither use nor stop it (issue 21):
 * <ul>
 *   <li>entries of a thread's {@code ThreadLocal} map whose {@code ThreadLocal} nothing in the application holds (a
 *       JDK or library thread-local: {@code NativeBuffers}' buffer cache, a connection pool's per-thread list of
 *       recently used connections on {@code main});</li>
 *   <li>a library's internal static registry: a map or collection that a library class's static field holds,
 *       directly or through the class's own singleton instance (a scheduler factory's repository of schedulers by
 *       name, an embedded database's table of open databases). A static field that holds one shared object (a
 *       default scheduler, a shared event-loop group) is not a registry: the library hands that object out.</li>
 * </ul>
 * Told apart by structure: which class declares the static or holds the {@code ThreadLocal}, never by library name.
 * The result is the set of the holding objects (the map entry, the registry's collection), meant as barriers of a
 * reachability walk: no path through them counts as the application's.
 */
public final class ForeignHolders {
    static final String THREAD_LOCAL_ENTRY = "java.lang.ThreadLocal$ThreadLocalMap$Entry";

    private ForeignHolders() {
    }

    /** The holders described in the class comment, as object ids. */
    public static BitSet of(HeapView heap, AppCode app) {
        BitSet out = new BitSet();
        for (HeapClass c : heap.classes(THREAD_LOCAL_ENTRY)) {
            for (int id : c.instanceIds()) {
                HeapObject local = References.referent(heap.object(id));
                if (local == null || !heldByApplication(heap, app, local.id())) {
                    out.set(id);
                }
            }
        }
        for (HeapClass c : heap.allClasses()) {
            if (c.isArrayType() || !app.isLibrary(c.name())) {
                continue;
            }
            for (String f : c.staticFieldNames()) {
                HeapObject v = c.staticRef(f);
                if (v == null) {
                    continue;
                }
                if (isCollection(v)) {
                    out.set(v.id());
                } else if (isSingletonOf(v.heapClass(), c)) {
                    // The class's singleton (SchedulerRepository.getInstance()): its collections are the registry.
                    for (HeapClass k = v.heapClass(); k != null && !JdkClasses.isJdkClass(k.name());
                            k = k.superclass()) {
                        for (String field : k.declaredFieldNames()) {
                            if (v.value(k.name(), field) instanceof HeapObject o
                                    && isCollection(o)) {
                                out.set(o.id());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A JDK collection or map, one of {@code java.util.Collections}' wrappers around one, or a reference queue. */
    private static boolean isCollection(HeapObject o) {
        return Collections.isCollection(o.heapClass()) || o.className().startsWith("java.util.Collections$")
                || o.heapClass().isSubclassOf("java.lang.ref.ReferenceQueue");
    }

    /**
     * True when {@code declaring}'s static holds an instance of its own class, or of the class it is nested in (the
     * holder idiom: {@code Repository$Holder.INSTANCE}).
     */
    private static boolean isSingletonOf(HeapClass valueClass, HeapClass declaring) {
        String d = declaring.name();
        String v = valueClass.name();
        return v.equals(d) || d.startsWith(v + "$") && d.indexOf('$', v.length() + 1) < 0;
    }

    /** True when an application object or class (a static field) references {@code local} directly. */
    private static boolean heldByApplication(HeapView heap, AppCode app, int local) {
        for (int r : heap.referrers(local)) {
            HeapClass mirror = heap.classById(r);
            String name = mirror != null ? mirror.name() : heap.classOf(r).name();
            if (app.isApplication(name) && !heap.classOf(r).name().equals(THREAD_LOCAL_ENTRY)) {
                return true;
            }
        }
        return false;
    }
}
