package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listeners never removed: each request registers a listener on the application's event bus (capturing its 4 KB
 * request body) and never unregisters it. What to observe: leak-suspects names {@code EventBus.listeners}, held by
 * {@code SuspectListeners.BUS}, with {@value #REQUESTS} elements. The near miss {@link SuspectListenersRemoved}
 * unregisters at the end of each request.
 */
public final class SuspectListeners {
    public static final int REQUESTS = 10_000;
    static final EventBus BUS = new EventBus();

    /** The application's event bus. */
    static final class EventBus {
        final List<Listener> listeners = new CopyOnWriteArrayList<>();

        void register(Listener l) {
            listeners.add(l);
        }

        void unregister(Listener l) {
            listeners.remove(l);
        }
    }

    interface Listener {
        void onEvent(String event);
    }

    /** What a request carries. */
    static final class Request {
        final byte[] body = new byte[4096];
    }

    static void handle(boolean unregister) {
        Request request = new Request();
        Listener l = event -> request.body[0]++;
        BUS.register(l);
        if (unregister) {
            BUS.unregister(l);
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < REQUESTS; i++) {
            handle(false);
        }
        Scenario.dumpLive(args[0]);
    }
}
