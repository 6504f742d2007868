package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.Executors;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.libs.GuavaServices;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who owns what a group of leaked threads belongs to, in application code (the shared {@link Owners}): the
 * application object or static that still holds the pool, group or timer besides its own threads; else the application
 * code the owner carries (its thread factory, its queued tasks, a handler: "created with"); else the code the thread
 * runs. Also the stop API that ends it, which a Guava service wraps in {@code stopAsync()}.
 */
final class Creators {
    /** How many objects the search below an owner visits before it gives up. */
    static final int BELOW_LIMIT = 5_000;

    /**
     * @param key     class and field names only (grouping and fingerprints)
     * @param label   the owner as a person reads it, or null when nothing names it
     * @param stopApi the call that ends the owner's threads
     */
    record Creator(String key, String label, String stopApi) {
    }

    private final HeapView heap;
    private final AppCode app;
    private final Owners owners;
    private final BitSet stuckThreads;
    private final Map<Integer, Creator> byStructure = new HashMap<>();

    Creators(HeapView heap, AppCode app, BitSet stuckThreads) {
        this.heap = heap;
        this.app = app;
        this.owners = new Owners(heap, app);
        this.stuckThreads = stuckThreads;
    }

    Creator of(Waiter w) {
        return byStructure.computeIfAbsent(w.structure(), s -> find(w));
    }

    private Creator find(Waiter w) {
        String stop = stopApi(w);
        Owner holder = owners.ofExcept(w.structure(), stuckThreads);
        if (holder.application() && !holder.isThread()) {
            HeapClass c = heap.classOf(holder.holderId());
            // Not a thread: the label is code names only (words() refuses a dump string).
            return new Creator(holder.key(), holder.label().words(), GuavaServices.isService(c) ? GuavaServices.STOP_API : stop);
        }
        String signals = switch (w.kind()) {
            case POOL -> poolSignals(heap.object(w.structure()));
            case TIMER -> periodicTaskClasses(heap, heap.object(w.structure()));
            default -> "";
        };
        if (!signals.isEmpty()) {
            return new Creator(signals, signals, stop);
        }
        int below = app.isApplication(heap.classOf(w.structure()).name()) ? w.structure()
                : owners.nearestApplicationBelow(w.structure(), stuckThreads, BELOW_LIMIT);
        if (below >= 0) {
            HeapClass c = heap.classOf(below);
            String cls = JdkClasses.lambdaOwner(JdkClasses.stableClassName(c.name()));
            return new Creator(cls, cls, GuavaServices.isService(c) ? GuavaServices.STOP_API : stop);
        }
        return new Creator(w.creator(), w.creator().isEmpty() ? null : w.creator(), stop);
    }

    private static String stopApi(Waiter w) {
        return switch (w.kind()) {
            case POOL -> "shutdown()";
            case TIMER -> "cancel()";
            case EVENT_LOOP -> "shutdownGracefully()";
            case WHEEL_TIMER -> "stop()";
            default -> "";
        };
    }

    /**
     * What reveals who made a pool: an application {@code ThreadFactory} class, else the application classes of the
     * tasks still queued (a scheduled pool's periodic tasks), else "" (a library's factory and no queued work).
     */
    private String poolSignals(HeapObject pool) {
        HeapObject factory = Executors.threadFactory(pool);
        if (factory != null && app.isApplication(factory.className()) && !JdkClasses.isLambdaClass(factory.className())) {
            return JdkClasses.stableClassName(factory.className());
        }
        // A lambda factory only names its enclosing class; a queued task's class is usually more telling.
        Set<String> tasks = new TreeSet<>();
        for (HeapObject task : Executors.scheduledTasks(heap, pool)) {
            HeapObject inner = Executors.applicationTask(task);
            if (inner != null && app.isApplication(inner.className())) {
                tasks.add(JdkClasses.stableClassName(inner.className()));
            }
        }
        if (!tasks.isEmpty()) {
            return String.join(", ", tasks);
        }
        return factory != null && app.isApplication(factory.className())
                ? JdkClasses.stableClassName(factory.className()) : "";
    }

    /** The classes of a timer queue's live periodic tasks, sorted and joined by {@code ", "}. */
    static String periodicTaskClasses(HeapView heap, HeapObject taskQueue) {
        Set<String> names = new TreeSet<>();
        for (HeapObject task : Timers.periodicTasks(heap, taskQueue)) {
            names.add(JdkClasses.stableClassName(task.className()));
        }
        return String.join(", ", names);
    }
}
