package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Netty's thread owners (4.1 and 4.2): event executors and event loops ({@code SingleThreadEventExecutor}: every
 * {@code NioEventLoop}, {@code SingleThreadIoEventLoop}, {@code DefaultEventExecutor}, ...), the groups that own them
 * ({@code AbstractEventExecutor.parent}: {@code NioEventLoopGroup}, {@code MultiThreadIoEventLoopGroup},
 * {@code DefaultEventExecutorGroup}) and {@code HashedWheelTimer}. Each names its thread in a field ({@code thread},
 * {@code workerThread}); run states are read from the class's own constants, which moved between 4.1 and 4.2.
 *
 * <p>NIO event loops (4.1 {@code NioEventLoop}, 4.2 {@code SingleThreadIoEventLoop} with a {@code NioIoHandler} in
 * {@code ioHandler}) open their selector ({@code unwrappedSelector}, wrapped in {@code selector}) when they are
 * created and close it when they shut down; their thread starts lazily with the first task, so most loops of a large
 * group hold an open selector that no thread selects on yet.
 */
public final class NettyEventLoops {
    public static final String EVENT_EXECUTOR = "io.netty.util.concurrent.SingleThreadEventExecutor";
    public static final String WHEEL_TIMER = "io.netty.util.HashedWheelTimer";
    public static final String LIBRARY = "Netty";
    /** 4.1's {@code ST_SHUTTING_DOWN}, used when the dump lacks the constant. */
    private static final int LEGACY_SHUTTING_DOWN = 3;
    /** {@code HashedWheelTimer.WORKER_STATE_SHUTDOWN} (public, the same in 4.0-4.2). */
    private static final int WHEEL_SHUTDOWN = 2;

    private NettyEventLoops() {
    }

    /** Event executors by the id of the thread they run on (executors not started yet have none). */
    public static Map<Integer, HeapObject> executorsByThread(HeapView heap) {
        return byThread(heap, EVENT_EXECUTOR, "thread");
    }

    /** Wheel timers by the id of their worker thread. */
    public static Map<Integer, HeapObject> wheelTimersByThread(HeapView heap) {
        return byThread(heap, WHEEL_TIMER, "workerThread");
    }

    private static Map<Integer, HeapObject> byThread(HeapView heap, String base, String field) {
        Map<Integer, HeapObject> out = new HashMap<>();
        for (HeapClass c : heap.classesAssignableTo(base)) {
            for (int id : c.instanceIds()) {
                HeapObject o = heap.object(id);
                HeapObject thread = o.ref(base, field);
                if (thread != null) {
                    out.put(thread.id(), o);
                }
            }
        }
        return out;
    }

    /** The group an executor belongs to ({@code AbstractEventExecutor.parent}), or null for a lone executor. */
    public static HeapObject group(HeapObject executor) {
        return executor.ref("io.netty.util.concurrent.AbstractEventExecutor", "parent");
    }

    /**
     * True once {@code shutdownGracefully()} (or {@code shutdown()}) was called: {@code state} at or past
     * {@code ST_SHUTTING_DOWN}. Its thread then ends by itself after the quiet period.
     */
    public static boolean isShuttingDown(HeapView heap, HeapObject executor) {
        int shuttingDown = LEGACY_SHUTTING_DOWN;
        for (HeapClass c : heap.classes(EVENT_EXECUTOR)) {
            if (c.staticValue("ST_SHUTTING_DOWN") instanceof Integer v) {
                shuttingDown = v;
            }
        }
        return executor.value(EVENT_EXECUTOR, "state") instanceof Integer st && st >= shuttingDown;
    }

    /** True once {@code stop()} was called on the wheel timer. */
    public static boolean isStopped(HeapObject wheelTimer) {
        return wheelTimer.intValue("workerState", 0) >= WHEEL_SHUTDOWN;
    }

    /**
     * Netty's own registries keyed by event executor, which hold an executor only to clean up after it and never stop
     * it: the {@code resolvers} and {@code executorTerminationListeners} maps of every {@code AddressResolverGroup} (the shared
     * {@code DefaultAddressResolverGroup.INSTANCE} keeps one resolver per executor that ever resolved an address).
     * An event-loop group reachable only through them is not referenced by the application.
     */
    public static int[] executorRegistries(HeapView heap) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (HeapClass c : heap.classesAssignableTo("io.netty.resolver.AddressResolverGroup")) {
            for (int id : c.instanceIds()) {
                for (String field : new String[] {"resolvers", "executorTerminationListeners"}) {
                    HeapObject map = heap.object(id).ref("io.netty.resolver.AddressResolverGroup", field);
                    if (map != null) {
                        out.add(map.id());
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many timeouts the wheel timer still holds ({@code pendingTimeouts}), or -1 when unknown. */
    public static long pendingTimeouts(HeapObject wheelTimer) {
        HeapObject counter = wheelTimer.ref("pendingTimeouts");
        return counter == null ? -1 : counter.longValue("value", -1);
    }

    /** The selectors of every event loop that has not begun to shut down: its housekeeping ({@code IDLE}). */
    public static List<ClientResource> selectorsOfRunningLoops(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        for (HeapObject loop : heap.instancesOf(EVENT_EXECUTOR, true)) {
            if (isShuttingDown(heap, loop)) {
                continue;
            }
            HeapObject handler = loop.hasField("ioHandler") ? loop.ref("ioHandler") : loop;
            if (handler == null) {
                continue;
            }
            HeapObject unwrapped = handler.ref("unwrappedSelector");
            for (String field : new String[] {"unwrappedSelector", "selector"}) {
                HeapObject selector = handler.ref(field);
                if (selector != null && (field.equals("unwrappedSelector") || unwrapped == null
                        || selector.id() != unwrapped.id())) {
                    out.add(new ClientResource(LIBRARY, loop, selector, ClientResource.State.IDLE, null));
                }
            }
        }
        return out;
    }
}
