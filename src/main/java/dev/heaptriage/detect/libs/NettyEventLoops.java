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
 * {@code SingleThreadEventExecutor.state}: 4.1 1 not started, 2 started, 3 shutting down, 4 shut down, 5 terminated;
 * 4.2 (which has {@code supportSuspension}) 1 not started, 2 suspending, 3 suspended, 4 started, 5 shutting down,
 * 6 shut down, 7 terminated.
 */
public final class NettyEventLoops {
    public static final String LIBRARY = "Netty";
    private static final String EXECUTOR = "io.netty.util.concurrent.SingleThreadEventExecutor";
    private static final int SHUTTING_DOWN_41 = 3;
    private static final int SHUTTING_DOWN_42 = 5;

    private NettyEventLoops() {
    }

    /** The selectors of every event loop that has not begun to shut down: its housekeeping ({@code IDLE}). */
    public static List<ClientResource> selectorsOfRunningLoops(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        for (HeapObject loop : heap.instancesOf(EXECUTOR, true)) {
            int shuttingDown = loop.hasField("supportSuspension") ? SHUTTING_DOWN_42 : SHUTTING_DOWN_41;
            if (loop.intValue("state", Integer.MAX_VALUE) >= shuttingDown) {
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
