package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty's NIO event loops (4.1 {@code NioEventLoop}, 4.2 {@code SingleThreadIoEventLoop} with a {@code NioIoHandler}
 * in {@code ioHandler}), read by the fields present. Each loop opens its selector ({@code unwrappedSelector}, wrapped
 * in {@code selector}) when it is created and closes it when it shuts down; its thread starts lazily with the first
 * task, so most loops of a large group hold an open selector that no thread selects on yet.
 * {@code SingleThreadEventExecutor.state}: 1 not started, 2 started, 3 shutting down, 4 shut down, 5 terminated.
 */
public final class NettyEventLoops {
    public static final String LIBRARY = "Netty";
    private static final String EXECUTOR = "io.netty.util.concurrent.SingleThreadEventExecutor";
    private static final int ST_STARTED = 2;

    private NettyEventLoops() {
    }

    /** The selectors of every event loop that has not begun to shut down: its housekeeping ({@code IDLE}). */
    public static List<ClientResource> selectorsOfRunningLoops(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        for (HeapObject loop : heap.instancesOf(EXECUTOR, true)) {
            if (loop.intValue("state", Integer.MAX_VALUE) > ST_STARTED) {
                continue;
            }
            HeapObject handler = loop.hasField("ioHandler") ? loop.ref("ioHandler") : loop;
            if (handler == null) {
                continue;
            }
            for (String field : new String[] {"unwrappedSelector", "selector"}) {
                HeapObject selector = handler.ref(field);
                if (selector != null) {
                    out.add(new ClientResource(LIBRARY, loop, selector, ClientResource.State.IDLE, null));
                }
            }
        }
        return out;
    }
}
