package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.HashMap;
import java.util.Map;

/**
 * A service whose session cache holds about 80% of a 15 MiB heap: {@value #SESSIONS} sessions of
 * {@value #STATE_BYTES} bytes each in {@code ExploreSessionCache.CACHE.sessions}. Below the leak-suspects floor, so no
 * leak detector speaks; what to observe is the explore commands: {@code top} puts the class (its static
 * {@code CACHE}) first with about 12 MiB, {@code why} finds every {@code Session} kept by that field.
 */
public final class ExploreSessionCache {
    public static final int SESSIONS = 3_000;
    public static final int STATE_BYTES = 4_000;
    static final SessionCache CACHE = new SessionCache();

    /** The application's session cache: nothing ever evicts. */
    static final class SessionCache {
        final Map<String, Session> sessions = new HashMap<>();
    }

    /** One user session with its serialized state. */
    static final class Session {
        final String user;
        final byte[] state;

        Session(String user, int size) {
            this.user = user;
            this.state = new byte[size];
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < SESSIONS; i++) {
            String user = "user-" + i;
            CACHE.sessions.put(user, new Session(user, STATE_BYTES));
        }
        Scenario.dumpLive(args[0]);
    }
}
