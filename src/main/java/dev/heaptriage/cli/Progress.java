package dev.heaptriage.cli;

import dev.heaptriage.load.LoadProgress;
import dev.heaptriage.render.Printable;
import dev.heaptriage.units.Units;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One progress bar for a whole run on stderr: one percentage and one estimate of the time left, whatever phase the
 * run is in. The run's stages have shares ({@link Stage}): the load (which reports its own phases and its fraction
 * through {@link LoadProgress}: decompressing, counting, parsing ...), the detectors (each weighted by its usual
 * cost) and the thread and class tables. The percentage only grows and reaches 100% when the run is done
 * ({@link #finish}). Three modes:
 * <ul>
 *   <li>{@link Mode#TERMINAL} (stderr is a terminal, whatever stdout is): one line redrawn four times a second with
 *       the time so far, a bar, the percentage, the phase and the time left;</li>
 *   <li>{@link Mode#LOG} (stderr is a file or pipe, a CI log): a plain line when a phase starts, about every 10%, and
 *       at 100%, never a carriage return;</li>
 *   <li>{@link Mode#OFF} ({@code -q}).</li>
 * </ul>
 * Home-made rather than a progress-bar library: it needs no terminal library (the maintained ones pull in JLine and
 * native code) and must also write plain log lines, which such libraries do not.
 */
final class Progress implements LoadProgress {
    /** How the progress shows. */
    enum Mode { TERMINAL, LOG, OFF }

    /** The stages of a run, in order. */
    enum Stage { LOAD, DETECT, TABLES }

    static final long REDRAW_MILLIS = 250;
    /** Estimates of the time left only once this much of the run is done: before that they swing too much. */
    private static final double ESTIMATE_FROM = 0.05;
    private static final int WIDTH = 100;
    private static final int BAR = 20;

    /**
     * Each stage's share of a run, from the benchmark (README "Performance"): on the 2 GB dump the load took 251 s,
     * the detectors 12.9 s, the tables next to nothing once the detectors' pass over the dominator tree is done.
     */
    private static final Map<Stage, Double> ANALYSIS = Map.of(Stage.LOAD, 0.93, Stage.DETECT, 0.06, Stage.TABLES, 0.01);
    /** {@code threads} and {@code histogram} without an earlier analysis: the load, then the tables. */
    private static final Map<Stage, Double> TABLES_ONLY = Map.of(Stage.LOAD, 0.97, Stage.TABLES, 0.03);
    /** Each detector's share of the detection stage, from the same benchmark (seconds); others weigh {@value #OTHER}. */
    private static final Map<String, Double> DETECTOR_COST = Map.of("leak-suspects", 8.8, "retained-slice", 3.3);
    private static final double OTHER = 0.3;

    private final PrintWriter err;
    private final Mode mode;
    private final LongSupplier nanoTime;
    private final long start;
    private final Map<Stage, Double> shares;
    private final List<String> detectors;
    private ScheduledExecutorService ticker;
    private String phase;
    private Stage stage = Stage.LOAD;
    private double run;
    private int loggedTenths;
    /** When the first fraction came, for the estimate (waiting for another run's lock is not in it). */
    private long measuredFrom = -1;
    private boolean dirty;
    private boolean started;

    Progress(PrintWriter err, Mode mode) {
        this(err, mode, System::nanoTime, List.of());
    }

    /** The progress of an analysis with these detectors (ids, in the order they run). */
    Progress(PrintWriter err, Mode mode, List<String> detectors) {
        this(err, mode, System::nanoTime, detectors);
    }

    Progress(PrintWriter err, Mode mode, LongSupplier nanoTime) {
        this(err, mode, nanoTime, List.of());
    }

    Progress(PrintWriter err, Mode mode, LongSupplier nanoTime, List<String> detectors) {
        this.err = err;
        this.mode = mode;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.detectors = List.copyOf(detectors);
        this.shares = detectors.isEmpty() ? TABLES_ONLY : ANALYSIS;
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

    /** A phase starts (the load's words, a detector, the tables). */
    @Override
    public synchronized void accept(String step) {
        if (mode == Mode.OFF || step == null || step.isBlank()) {
            return;
        }
        started = true;
        phase = Printable.escape(step);
        if (mode == Mode.LOG) {
            line("heaptriage: [" + seconds() + "] " + percent() + " " + phase);
        } else {
            startTicker();
            redraw();
        }
    }

    /** The load's fraction: {@code overall} is how far the whole load is; the phase's own is not shown. */
    @Override
    public synchronized void fraction(double phase, double overall) {
        if (stage == Stage.LOAD) {
            advance(share(Stage.LOAD) * clamp(overall));
        }
    }

    /** Detector {@code id} starts (the analysis's callback). */
    synchronized void detector(String id) {
        stage = Stage.DETECT;
        double before = 0;
        double total = 0;
        boolean seen = false;
        for (String d : detectors) {
            double w = DETECTOR_COST.getOrDefault(d, OTHER);
            seen |= d.equals(id);
            before += seen ? 0 : w;
            total += w;
        }
        advance(share(Stage.LOAD) + share(Stage.DETECT) * (total == 0 || !seen ? 0 : before / total));
        accept("detector " + id);
    }

    /** The thread and class tables are being built. */
    synchronized void tables() {
        stage = Stage.TABLES;
        advance(1 - share(Stage.TABLES));
        accept("thread and class tables");
    }

    /** The run is done: 100%, then the line is cleared (terminal) or a last line written (log). */
    synchronized void finish() {
        if (mode == Mode.OFF || !started) {
            clear();
            return;
        }
        advance(1);
        if (mode == Mode.LOG) {
            line("heaptriage: [" + seconds() + "] 100% done");
        } else {
            phase = "done";
            redraw();
        }
        clear();
    }

    private double share(Stage s) {
        return shares.getOrDefault(s, 0.0);
    }

    private void advance(double to) {
        if (mode == Mode.OFF || to <= run) {
            return;
        }
        if (measuredFrom < 0) {
            measuredFrom = nanoTime.getAsLong();
        }
        run = Math.min(1, to);
        if (mode == Mode.LOG) {
            int tenths = (int) Math.floor(run * 10 + 1e-9);
            if (tenths > loggedTenths && tenths < 10) {
                loggedTenths = tenths;
                line("heaptriage: [" + seconds() + "] " + tenths * 10 + "%" + left());
            }
        }
    }

    /** How far the whole run is, 0 to 1. */
    synchronized double runFraction() {
        return run;
    }

    /**
     * The current line for a terminal:
     * {@code [  12.3 s] [#########-----------]  47% parsing: pass 2 of 2 · about 1 min left}.
     */
    synchronized String status() {
        int filled = (int) Math.floor(run * BAR + 1e-9);
        StringBuilder sb = new StringBuilder("[").append(String.format(Locale.ROOT, "%6.1f s", elapsed())).append("] [")
                .append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%4s", percent()));
        if (phase != null) {
            sb.append(' ').append(phase);
        }
        sb.append(left());
        String s = sb.toString();
        return s.length() > WIDTH - 2 ? s.substring(0, WIDTH - 3) + "…" : s;
    }

    private String percent() {
        return (int) Math.floor(run * 100 + 1e-9) + "%";
    }

    /** {@code · about 1 min 5 s left}, once enough of the run is done to say; else empty. */
    private String left() {
        if (run < ESTIMATE_FROM || run >= 1) {
            return "";
        }
        double measured = (nanoTime.getAsLong() - measuredFrom) / 1e9;
        double remaining = measured * (1 - run) / run;
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

    private static double clamp(double f) {
        return Math.max(0, Math.min(1, f));
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
