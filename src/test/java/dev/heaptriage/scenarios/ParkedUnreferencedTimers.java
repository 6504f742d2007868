package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Timers whose owner dropped them without {@code cancel()} while a periodic task was scheduled: the
 * {@code TimerThread} keeps running the task forever. What to observe: {@value #TIMERS} threads "poll-timer-N" in
 * {@code TimerThread.mainLoop} (waiting for the next run, an hour away), no live {@code Timer} object for any of
 * them, and a {@link Poll} task with a period in each queue. One finding, blocker {@code Timer}, count
 * {@value #TIMERS}, naming the task class. The near-miss is {@link ParkedReferencedTimer}.
 */
public final class ParkedUnreferencedTimers {
    public static final int TIMERS = 3;
    public static final long HOUR_MS = 3_600_000L;

    /** The periodic task. */
    static final class Poll extends TimerTask {
        @Override
        public void run() {
            System.out.println("poll");
        }
    }

    public static void main(String[] args) throws Exception {
        startTimers(new Timer[TIMERS]);
        Scenario.dumpLive(args[0]);
    }

    /** Starts the timers into {@code into}; the caller decides whether to keep them. */
    static void startTimers(Timer[] into) throws InterruptedException {
        for (int i = 0; i < into.length; i++) {
            Timer timer = new Timer("poll-timer-" + i, true);
            timer.scheduleAtFixedRate(new Poll(), HOUR_MS, HOUR_MS);
            into[i] = timer;
        }
        Thread.sleep(100); // let every TimerThread reach its timed wait
    }
}
