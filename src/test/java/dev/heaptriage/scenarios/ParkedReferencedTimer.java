package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.Timer;

/**
 * Near-miss of {@link ParkedUnreferencedTimers}: the same timers and periodic tasks, but {@link #TIMERS} still
 * holds every {@code Timer}, so the application can cancel them. What to observe: no finding at {@code low} or
 * above.
 */
public final class ParkedReferencedTimer {
    static final Timer[] TIMERS = new Timer[ParkedUnreferencedTimers.TIMERS];

    public static void main(String[] args) throws Exception {
        ParkedUnreferencedTimers.startTimers(TIMERS);
        Scenario.dumpLive(args[0]);
    }
}
