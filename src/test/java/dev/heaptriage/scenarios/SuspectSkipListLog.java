package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A shape leak-suspects was not tuned for: an audit log that keeps every event in a {@code ConcurrentSkipListMap}
 * (a linked base level plus index levels) inside an application object. What to observe: the accumulation point is
 * the skip-list map held by {@code SuspectSkipListLog$AuditLog.events} with {@value #EVENTS} elements of Event.
 */
public final class SuspectSkipListLog {
    public static final int EVENTS = 80_000;
    static final AuditLog LOG = new AuditLog();

    /** The application's audit log. */
    static final class AuditLog {
        final ConcurrentSkipListMap<Long, Event> events = new ConcurrentSkipListMap<>();
    }

    /** One audited event. */
    static final class Event {
        final long at;
        final byte[] detail = new byte[512];

        Event(long at) {
            this.at = at;
        }
    }

    public static void main(String[] args) throws Exception {
        for (long i = 0; i < EVENTS; i++) {
            LOG.events.put(i * 7 % EVENTS, new Event(i));
        }
        Scenario.dumpLive(args[0]);
    }
}
