package dev.heaptriage.scenarios;

/** Near miss of {@link SuspectSessions}: the same 2,000,000 sessions, each expired once 1,000 newer ones exist. */
public final class SuspectSessionsExpired {
    public static void main(String[] args) throws Exception {
        SuspectSessions.run(args[0], true);
    }
}
