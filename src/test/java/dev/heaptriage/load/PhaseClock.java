package dev.heaptriage.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For the benchmark: the wall time, the process's CPU time and the garbage collectors' time of each phase of a load,
 * taken where the progress changes phase (the words {@link LoadShares} and {@link MatProgress} give). CPU over wall
 * shows whether both cores work. {@link #lines} prints one {@code phase=NAME wallMillis=.. cpuMillis=.. gcMillis=..}
 * line per phase, the last one the phase running when it was called.
 */
final class PhaseClock implements LoadProgress {
    private record Mark(String phase, long wallNanos, long cpuNanos, long gcMillis) {
    }

    private final List<Mark> marks = new ArrayList<>();

    PhaseClock() {
        marks.add(now("start"));
    }

    @Override
    public synchronized void accept(String phase) {
        if (!phase.equals(marks.get(marks.size() - 1).phase())) {
            marks.add(now(phase));
        }
    }

    @Override
    public void fraction(double phase, double overall) {
    }

    synchronized List<String> lines(String end) {
        List<Mark> all = new ArrayList<>(marks);
        all.add(now(end));
        List<String> out = new ArrayList<>();
        for (int i = 1; i + 1 < all.size(); i++) {
            Mark a = all.get(i);
            Mark b = all.get(i + 1);
            out.add(String.format(Locale.ROOT, "phase=%s wallMillis=%d cpuMillis=%d gcMillis=%d",
                    a.phase().replace(' ', '_'), (b.wallNanos() - a.wallNanos()) / 1_000_000,
                    (b.cpuNanos() - a.cpuNanos()) / 1_000_000, b.gcMillis() - a.gcMillis()));
        }
        return out;
    }

    private static Mark now(String phase) {
        long gc = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, bean.getCollectionTime());
        }
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new Mark(phase, System.nanoTime(), cpu, gc);
    }
}
