package dev.heaptriage.cli;

import dev.heaptriage.load.LoadProgress;
import dev.heaptriage.render.Printable;
import dev.heaptriage.units.Units;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress on stderr while a dump loads, in one of three modes:
 * <ul>
 *   <li>{@link Mode#TERMINAL} (stderr is a terminal, whatever stdout is): one line redrawn four times a second with
 *       the phase, its percentage, the time since the start and an estimate of the time left;</li>
 *   <li>{@link Mode#LOG} (stderr is a file or pipe, a CI log): a plain line when a phase starts and about every 10%
 *       of the load, never a carriage return;</li>
 *   <li>{@link Mode#OFF} ({@code -q}).</li>
 * </ul>
 * Home-made rather than a progress-bar library: it is about a hundred lines, needs no terminal library (the
 * maintained ones pull in JLine and native code) and must also write plain log lines, which such libraries do not.
 */
final class Progress implements LoadProgress {
    /** How the progress shows. */
    enum Mode { TERMINAL, LOG, OFF }

    static final long REDRAW_MILLIS = 250;
    /** Estimates of the time left only once this much of the load is done: before that they swing too much. */
    private static final double ESTIMATE_FROM = 0.05;
    private static final int WIDTH = 100;

    private final PrintWriter err;
    private final Mode mode;
    private final LongSupplier nanoTime;
    private final long start;
    private ScheduledExecutorService ticker;
    private String phase;
    private double phaseFraction = -1;
    private double overall = -1;
    private int loggedTenths = -1;
    /** When the first fraction came: the load's own start, for the estimate (decompressing is not in it). */
    private long measuredFrom = -1;
    private boolean dirty;

    Progress(PrintWriter err, Mode mode) {
        this(err, mode, System::nanoTime);
    }

    Progress(PrintWriter err, Mode mode, LongSupplier nanoTime) {
        this.err = err;
        this.mode = mode;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** The mode for stderr: off when {@code quiet}, a redrawn line on a terminal, log lines otherwise. */
    static Mode modeFor(boolean quiet) {
        return quiet ? Mode.OFF : stderrIsTerminal() ? Mode.TERMINAL : Mode.LOG;
    }

    /**
     * Whether stderr is a terminal. Java tells this only for stdin and stdout together ({@code System.console()}),
     * and stdout is usually redirected to a report file; Linux names stderr's device in {@code /proc/self/fd/2}.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    @Override
    public synchronized void accept(String step) {
        if (mode == Mode.OFF || step == null || step.isBlank()) {
            return;
        }
        phase = Printable.escape(step);
        phaseFraction = -1;
        if (mode == Mode.LOG) {
            line("heaptriage: [" + seconds() + "] " + phase);
        } else {
            startTicker();
            redraw();
        }
    }

    @Override
    public synchronized void fraction(double phase, double overall) {
        if (mode == Mode.OFF) {
            return;
        }
        this.phaseFraction = phase;
        this.overall = overall;
        if (measuredFrom < 0) {
            measuredFrom = nanoTime.getAsLong();
        }
        if (mode == Mode.LOG) {
            int tenths = (int) Math.floor(overall * 10 + 1e-9);
            if (tenths > loggedTenths && tenths > 0 && tenths < 10) {
                loggedTenths = tenths;
                line("heaptriage: [" + seconds() + "] " + tenths * 10 + "% loaded" + left());
            } else if (loggedTenths < 0) {
                loggedTenths = Math.max(0, tenths);
            }
        }
    }

    /** The current line for a terminal: {@code [  12.3 s] parsing: pass 2 of 2 · 47% · about 1 min left}. */
    synchronized String status() {
        StringBuilder sb = new StringBuilder("[").append(String.format(Locale.ROOT, "%6.1f s", elapsed())).append("] ")
                .append(phase == null ? "" : phase);
        if (phaseFraction >= 0) {
            sb.append(" · ").append(Math.round(phaseFraction * 100)).append('%');
        }
        sb.append(left());
        String s = sb.toString();
        return s.length() > WIDTH - 2 ? s.substring(0, WIDTH - 3) + "…" : s;
    }

    /** {@code · about 1 min 5 s left}, once enough of the load is done to say; else empty. */
    private String left() {
        if (overall < ESTIMATE_FROM || overall >= 1) {
            return "";
        }
        double measured = (nanoTime.getAsLong() - measuredFrom) / 1e9;
        double remaining = measured * (1 - overall) / overall;
        return " · about " + duration(remaining) + " left";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        return m < 60 ? m + " min " + (s % 60) + " s" : m / 60 + " h " + (m % 60) + " min";
    }

    private double elapsed() {
        return (nanoTime.getAsLong() - start) / 1e9;
    }

    private String seconds() {
        return Units.seconds((long) (elapsed() * 1000));
    }

    private void line(String text) {
        err.println(text);
        err.flush();
    }

    private synchronized void redraw() {
        if (mode != Mode.TERMINAL || phase == null) {
            return;
        }
        err.print("\r\033[K" + status());
        err.flush();
        dirty = true;
    }

    private void startTicker() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "heaptriage-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the redrawing and clears the line before real output is written. */
    synchronized void clear() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (mode == Mode.TERMINAL && dirty) {
            err.print("\r\033[K");
            err.flush();
            dirty = false;
        }
        phase = null;
    }
}
