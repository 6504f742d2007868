package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions never expired: {@value #SESSIONS} sessions in the session store's {@code ConcurrentHashMap}. What to
 * observe: leak-suspects names {@code SuspectSessions$SessionStore.sessions} (a field of the instance held by
 * {@code SuspectSessions.STORE}), a ConcurrentHashMap of 2,000,000 Sessions. The near miss
 * {@link SuspectSessionsExpired} expires each session after {@value #LIVE_SESSIONS} newer ones.
 */
public final class SuspectSessions {
    public static final int SESSIONS = 2_000_000;
    public static final int LIVE_SESSIONS = 1_000;
    static final SessionStore STORE = new SessionStore();

    /** The application's session store. */
    static final class SessionStore {
        final Map<Long, Session> sessions = new ConcurrentHashMap<>();

        void open(long id, boolean expire) {
            sessions.put(id, new Session(id));
            if (expire) {
                sessions.remove(id - LIVE_SESSIONS);
            }
        }
    }

    /** One user session. */
    static final class Session {
        final long id;
        long lastSeen;

        Session(long id) {
            this.id = id;
            this.lastSeen = id;
        }
    }

    static void run(String dump, boolean expire) throws Exception {
        for (long i = 0; i < SESSIONS; i++) {
            STORE.open(i, expire);
        }
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
