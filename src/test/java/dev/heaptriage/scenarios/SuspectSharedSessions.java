package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.HashMap;
import java.util.Map;

/**
 * Objects no one object dominates: {@value #SESSIONS} sessions indexed by two maps in two classes
 * ({@code ById.SESSIONS} and {@code ByUser.SESSIONS}), so each session is held from two places and MAT's dominator
 * tree puts it under the class loader, not under either map. What to observe: leak-suspects reports the group of
 * {@value #SESSIONS} {@code Session} objects and one of the two maps as their owner.
 */
public final class SuspectSharedSessions {
    public static final int SESSIONS = 200_000;

    /** Sessions by id (a string key, so the index alone is above leak-suspects' 16 MiB floor). */
    static final class ById {
        static final Map<String, Session> SESSIONS = new HashMap<>();
    }

    /** Sessions by user. */
    static final class ByUser {
        static final Map<String, Session> SESSIONS = new HashMap<>();
    }

    /** One session with its state. */
    static final class Session {
        final int id;
        final byte[] state = new byte[200];

        Session(int id) {
            this.id = id;
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < SESSIONS; i++) {
            Session s = new Session(i);
            ById.SESSIONS.put("session-" + i, s);
            ByUser.SESSIONS.put("user-" + i, s);
        }
        Scenario.dumpLive(args[0]);
    }
}
