package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/** Near miss of {@link SuspectListeners}: the same requests, each listener unregistered when its request ends. */
public final class SuspectListenersRemoved {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < SuspectListeners.REQUESTS; i++) {
            SuspectListeners.handle(true);
        }
        Scenario.dumpLive(args[0]);
    }
}
