package dev.heaptriage.detect.suspects;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class loaders of one class alive at once that define the same class: after a redeploy or a plugin reload the old
 * loader should be collected, and each copy still alive keeps its classes, their statics and everything they hold.
 * For each loader, what pins it is read from its path to a GC root, at the point where the path leaves the loader's
 * own world (the loader, the classes it defined and their instances): a static field of the application, a thread
 * (its context class loader, or a thread running the loader's code), a {@code ThreadLocal} value, or a JDK cache
 * (a static field of a JDK class).
 */
final class ClassLoaderScan {
    /** At most this many loaders of a group get a path search (each is one MAT query). */
    private static final int MAX_PATHS = 50;

    /** How a loader is pinned. */
    enum PinKind { STATIC, THREAD, THREAD_LOCAL, JDK_CACHE, OTHER }

    /** What pins one loader: the kind, and the holder as a person writes it. */
    record Pin(PinKind kind, String holder) {
    }

    /**
     * Loaders of one class with copies of the same class.
     *
     * @param loaderClass   the loaders' class
     * @param definedClass  the class name defined by most of them
     * @param loaderIds     the loaders defining it
     * @param retained      the bytes the loaders retain together
     * @param pins          what pins them, most common first (with how many loaders)
     */
    record LoaderGroup(String loaderClass, String definedClass, List<Integer> loaderIds, long retained,
                       Map<Pin, Integer> pins) {
    }

    private final HeapView heap;
    private final AppCode app;

    ClassLoaderScan(HeapView heap, AppCode app) {
        this.heap = heap;
        this.app = app;
    }

    List<LoaderGroup> groups() {
        // loader class -> defined class name -> loaders defining it
        Map<String, Map<String, List<Integer>>> byLoaderClass = new TreeMap<>();
        for (HeapClass c : heap.allClasses()) {
            int loader = c.classLoaderId();
            if (loader == 0 || c.isArrayType() || JdkClasses.isLambdaClass(c.name())) {
                continue;
            }
            String loaderClass = heap.classOf(loader).name();
            if (isJdkInternalLoader(loaderClass)) {
                continue;
            }
            byLoaderClass.computeIfAbsent(loaderClass, k -> new TreeMap<>())
                    .computeIfAbsent(c.name(), k -> new ArrayList<>()).add(loader);
        }
        List<LoaderGroup> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Integer>>> g : byLoaderClass.entrySet()) {
            String defined = null;
            List<Integer> loaders = List.of();
            for (Map.Entry<String, List<Integer>> d : g.getValue().entrySet()) {
                List<Integer> distinct = d.getValue().stream().distinct().sorted().toList();
                if (distinct.size() > loaders.size()) {
                    defined = d.getKey();
                    loaders = distinct;
                }
            }
            if (loaders.size() < SuspectRule.MIN_LOADER_COPIES) {
                continue;
            }
            long retained = 0;
            for (int id : loaders) {
                retained += heap.retainedBytes(id);
            }
            Map<Pin, Integer> pins = new HashMap<>();
            for (int id : loaders.subList(0, Math.min(loaders.size(), MAX_PATHS))) {
                pins.merge(pin(id), 1, Integer::sum);
            }
            Map<Pin, Integer> sorted = new java.util.LinkedHashMap<>();
            pins.entrySet().stream().sorted(Map.Entry.<Pin, Integer>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().holder()))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            out.add(new LoaderGroup(g.getKey(), defined, loaders, retained, sorted));
        }
        return out;
    }

    /**
     * The JDK's own loaders, which hold no application's redeploys: the boot/platform/app loaders, reflection's
     * one-class {@code DelegatingClassLoader}s, and the hidden loaders of method handles and proxies.
     */
    static boolean isJdkInternalLoader(String loaderClass) {
        return loaderClass.startsWith("jdk.internal.") || loaderClass.startsWith("sun.")
                || loaderClass.startsWith("java.lang.invoke.") || loaderClass.startsWith("jdk.");
    }

    /** What pins {@code loader}: the first holder outside its own world on its path to a GC root. */
    Pin pin(int loader) {
        List<PathElement> path = heap.pathToGcRoot(loader);
        for (int i = 1; i < path.size(); i++) {
            PathElement e = path.get(i);
            if (ownWorld(e, loader)) {
                continue;
            }
            boolean threadLocal = false;
            for (int j = i; j < path.size(); j++) {
                if (path.get(j).className().startsWith("java.lang.ThreadLocal$ThreadLocalMap")) {
                    threadLocal = true;
                }
            }
            if (threadLocal) {
                return new Pin(PinKind.THREAD_LOCAL, "a ThreadLocal value of a thread");
            }
            if (heap.thread(e.objectId()).isPresent()) {
                // Named by the field, not the thread: loaders pinned the same way group together, and the thread's
                // name is in each evidence path.
                String field = e.via().name();
                return new Pin(PinKind.THREAD, field == null ? "a running thread" : "a thread's " + field);
            }
            for (int j = i; j < path.size(); j++) {
                PathElement h = path.get(j);
                if (h.isClass() && app.isApplication(h.className())) {
                    return new Pin(PinKind.STATIC, h.className() + "." + h.via().name() + " (static field)");
                }
            }
            for (int j = i; j < path.size(); j++) {
                PathElement h = path.get(j);
                if (h.isClass()) {
                    return new Pin(PinKind.JDK_CACHE, h.className() + "." + h.via().name() + " (static field)");
                }
            }
            PathElement root = path.get(path.size() - 1);
            if (heap.thread(root.objectId()).isPresent()) {
                return new Pin(PinKind.THREAD, "a running thread");
            }
            return new Pin(PinKind.OTHER, root.className());
        }
        return new Pin(PinKind.OTHER, "a GC root of its own");
    }

    /** The loader itself, a class it defined, or an instance of such a class. */
    private boolean ownWorld(PathElement e, int loader) {
        if (e.objectId() == loader) {
            return true;
        }
        HeapClass mirror = heap.classById(e.objectId());
        HeapClass c = mirror != null ? mirror : heap.classOf(e.objectId());
        return c.classLoaderId() == loader;
    }
}
