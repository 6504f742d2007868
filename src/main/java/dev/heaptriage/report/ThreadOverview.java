package dev.heaptriage.report;

import java.util.List;

/**
 * The threads of a dump as {@code heaptriage threads} shows them: state, what each waits on, its stack (top first) and
 * what its frame locals retain. Thread names and the blocker descriptions are dump contents.
 */
public record ThreadOverview(List<Thread> threads) {
    public ThreadOverview {
        threads = threads == null ? List.of() : List.copyOf(threads);
    }

    /**
     * One thread.
     *
     * @param state          {@code RUNNABLE}, {@code WAITING}, ...
     * @param blockedOn      {@code parked on X @0x..}, {@code waiting on the monitor of X @0x..}, or null
     * @param localsRetained bytes the objects its frames reference retain (each object once)
     * @param frames         {@code pkg.Cls.method(File.java:12)}, top first
     */
    public record Thread(String name, String state, boolean daemon, boolean virtual, long localsRetained,
                         String blockedOn, List<String> frames) {
        public Thread {
            frames = frames == null ? List.of() : List.copyOf(frames);
        }
    }
}
