package dev.heaptriage.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A one-line progress display on stderr, shown only when stderr is a terminal and {@code -q} is not given, so
 * pipelines and log files never see carriage returns.
 */
final class Progress implements Consumer<String> {
    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private boolean dirty;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static boolean terminal() {
        return System.console() != null;
    }

    @Override
    public void accept(String step) {
        if (!enabled || step == null || step.isBlank()) {
            return;
        }
        double s = (System.nanoTime() - start) / 1e9;
        String line = String.format(Locale.ROOT, "[%6.1f s] %s", s, step);
        if (line.length() > 78) {
            line = line.substring(0, 77) + "…";
        }
        err.print("\r\033[K" + line);
        err.flush();
        dirty = true;
    }

    /** Clears the progress line before real output is written. */
    void clear() {
        if (enabled && dirty) {
            err.print("\r\033[K");
            err.flush();
            dirty = false;
        }
    }
}
