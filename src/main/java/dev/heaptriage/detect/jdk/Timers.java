package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code java.util.Timer}, its {@code TimerThread} and {@code TaskQueue} (jdk-layouts.md §6). */
public final class Timers {
    public static final String TIMER = "java.util.Timer";
    public static final String TIMER_THREAD = "java.util.TimerThread";
    /** JDK 17+: the cleaning action that stops a Timer's thread once the Timer is collected. */
    public static final String THREAD_REAPER = "java.util.Timer$ThreadReaper";
    /** {@code TimerTask.CANCELLED}. */
    private static final int CANCELLED = 3;

    private Timers() {
    }

    public static boolean isTimerThread(HeapClass c) {
        return c.isSubclassOf(TIMER_THREAD);
    }

    /** A {@code TimerThread}'s {@code TaskQueue}, or null. */
    public static HeapObject queue(HeapObject timerThread) {
        return timerThread.ref("queue");
    }

    /** {@code Timer} objects by the id of their {@code TimerThread} (a Timer and its thread point at each other only one way). */
    public static Map<Integer, List<Integer>> timersByThread(HeapView heap) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (HeapClass c : heap.classesAssignableTo(TIMER)) {
            for (int id : c.instanceIds()) {
                HeapObject thread = heap.object(id).ref(TIMER, "thread");
                if (thread != null) {
                    out.computeIfAbsent(thread.id(), k -> new ArrayList<>()).add(id);
                }
            }
        }
        return out;
    }

    /** The live periodic tasks of a {@code TaskQueue}: {@code period != 0} and not CANCELLED. */
    public static List<HeapObject> periodicTasks(HeapView heap, HeapObject taskQueue) {
        List<HeapObject> out = new ArrayList<>();
        for (int id : Collections.heapQueueElements(taskQueue)) {
            HeapObject task = heap.object(id);
            if (task.longValue("period", 0) != 0 && task.intValue("state", 0) != CANCELLED) {
                out.add(task);
            }
        }
        return out;
    }
}
