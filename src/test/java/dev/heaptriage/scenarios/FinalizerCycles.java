package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Finalizable objects in reference cycles. What to observe:
 * <ul>
 *   <li>{@value #PAIRS} {@link Session}/{@link Channel} pairs; both classes override {@code finalize()}. A session
 *       reaches its channel through a (non-finalizable) {@link Link}, the channel points straight back: each pair is
 *       one cycle of two finalizable objects, {@value #PAIRS} * 2 objects in all.</li>
 *   <li>Also {@value #LONERS} finalizable {@link Session}s without a channel: not in a cycle, not reported.</li>
 *   <li>Run with no argument but the dump path, the sessions stay in use ({@link #SESSIONS}): cycles still in use are
 *       no backlog, and nothing may be reported. Run with {@code dropped} as second argument
 *       ({@link FinalizerDeadCycles}), the list is cleared just before a dump that keeps garbage: the cycles are
 *       held by nothing but their Finalizers, and they are the finding (count {@value #PAIRS} * 2).</li>
 *   <li>Nothing is queued; the Finalizer thread is idle.</li>
 * </ul>
 */
public final class FinalizerCycles {
    public static final int PAIRS = 1_000;
    public static final int LONERS = 500;

    static final List<Object> SESSIONS = new ArrayList<>();

    static final class Link {
        final Channel channel;

        Link(Channel channel) {
            this.channel = channel;
        }
    }

    static final class Session {
        Link link;
        final byte[] state = new byte[128];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            state[0] = 1;
        }
    }

    static final class Channel {
        final Session session;

        Channel(Session session) {
            this.session = session;
        }

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            System.out.print("");
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < PAIRS; i++) {
            Session s = new Session();
            s.link = new Link(new Channel(s));
            SESSIONS.add(s);
        }
        for (int i = 0; i < LONERS; i++) {
            SESSIONS.add(new Session());
        }
        if (args.length > 1 && args[1].equals("dropped")) {
            SESSIONS.clear();
        }
        Scenario.dump(args[0]);
    }
}
