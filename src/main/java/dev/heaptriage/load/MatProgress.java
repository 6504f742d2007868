package dev.heaptriage.load;

import java.util.function.Consumer;
import org.eclipse.mat.util.IProgressListener;

/**
 * Turns MAT's progress events into the few phases a user can follow and a fraction of the whole load.
 *
 * <p>What MAT 1.3 (haha) reports, observed on dumps from a few MB to several GB: one task over both parsing passes
 * and the garbage cleaner (2,000 work units: pass 1 "Scanning" up to about 500, pass 2 "Extracting objects" up to
 * 2,000), named sub-steps of the garbage cleaner that report almost no units, the writing of the index, then a task
 * of 1,200 units for the dominator tree (depth-first search to 300, dominators to 700, retained sizes to 900, the
 * index file to 1,200); heaptriage's own dominator tree ({@link MatPipeline}) reports its fraction in the same task
 * and units. Work units are counted in the latest task's units. The share of the whole load each phase takes
 * ({@link Phase#weight}) was measured on the benchmark dumps with heaptriage's dominator tree (CPU time, the 0.5 GB
 * dump; the dominator phase includes sizing the objects); the overall fraction is a guide for the estimate of the
 * time left, not a promise.
 */
final class MatProgress implements IProgressListener {
    /** The phases of a load, in order, with the share of the load's time each took on the benchmark dumps. */
    enum Phase {
        PASS1("parsing: pass 1 of 2 (classes, strings, roots)", 0.08),
        PASS2("parsing: pass 2 of 2 (objects and references)", 0.32),
        GARBAGE("removing unreachable objects", 0.35),
        WRITING("writing indexes", 0.03),
        DOMINATORS("computing dominators and retained sizes", 0.22);

        final String label;
        final double weight;

        Phase(String label, double weight) {
            this.label = label;
            this.weight = weight;
        }

        /** The share of the load done before this phase starts. */
        double before() {
            double sum = 0;
            for (Phase p : values()) {
                if (p == this) {
                    return sum;
                }
                sum += p.weight;
            }
            return sum;
        }
    }

    /** Units of the parsing task's pass 1, and of the whole task. */
    static final int PASS1_UNITS = 500;
    static final int PARSE_UNITS = 2000;
    static final int DOMINATOR_UNITS = 1200;
    /** The garbage cleaner's sub-steps, in the order it runs them (writing repeats). */
    private static final String[] GARBAGE_STEPS = {"SearchingForUnreachableObjects", "ReIndexingObjects",
        "ReIndexingClasses", "Writing", "ReIndexingOutboundIndex"};

    private final Consumer<String> progress;
    private final LoadProgress fractions;
    private Phase phase;
    private String taskName = "";
    private long units;
    private int garbageSteps;

    MatProgress(Consumer<String> progress) {
        this.progress = progress;
        this.fractions = progress instanceof LoadProgress lp ? lp : null;
    }

    /** The phase a MAT task or sub-task name stands for; null for names that start none. */
    static Phase phaseOf(String matName) {
        String t = matName == null ? "" : matName;
        if (t.startsWith("Scanning")) {
            return Phase.PASS1;
        }
        if (t.startsWith("Extracting")) {
            return Phase.PASS2;
        }
        if (t.startsWith("GarbageCleaner")) {
            return Phase.GARBAGE;
        }
        if (t.startsWith("Writing")) {
            return Phase.WRITING;
        }
        if (t.startsWith("DominatorTree")) {
            return Phase.DOMINATORS;
        }
        return null;
    }

    private void enter(String matName) {
        Phase p = phaseOf(matName);
        if (p == Phase.GARBAGE) {
            garbageSteps++;
        }
        if (p == null || p == phase || phase != null && p.ordinal() < phase.ordinal()) {
            report();
            return; // a sub-step of the phase we are in, or a name that starts none
        }
        phase = p;
        progress.accept(p.label);
        report();
    }

    /** This phase's own fraction, or -1 when it has none. */
    double phaseFraction() {
        if (phase == null) {
            return -1;
        }
        return switch (phase) {
            case PASS1 -> clamp((double) units / PASS1_UNITS);
            case PASS2 -> clamp((double) (units - PASS1_UNITS) / (PARSE_UNITS - PASS1_UNITS));
            case GARBAGE, WRITING -> -1;
            case DOMINATORS -> taskName.startsWith("DominatorTree") ? clamp((double) units / DOMINATOR_UNITS) : 0;
        };
    }

    /**
     * The garbage cleaner reports steps, not units, and repeats some of them (it writes each index it rewrites): a
     * rough share of its phase that grows with each step and never reaches the end before the phase does.
     */
    private double garbageProgress() {
        return Math.min(0.9, (double) Math.max(0, garbageSteps - 1) / (2 * GARBAGE_STEPS.length));
    }

    /** The whole load's fraction: the phases done, and the current one's share of its weight. */
    double overallFraction() {
        if (phase == null) {
            return 0;
        }
        double f = phase == Phase.GARBAGE ? garbageProgress() : phaseFraction();
        return clamp(phase.before() + phase.weight * Math.max(0, f));
    }

    private void report() {
        if (fractions != null && phase != null) {
            fractions.fraction(phaseFraction(), overallFraction());
        }
    }

    private static double clamp(double f) {
        return Math.max(0, Math.min(1, f));
    }

    @Override
    public void beginTask(String name, int totalWork) {
        taskName = name == null ? "" : name;
        units = 0;
        enter(name);
    }

    @Override
    public void beginTask(org.eclipse.mat.hprof.Messages name, int totalWork) {
        beginTask(String.valueOf(name), totalWork);
    }

    @Override
    public void subTask(String name) {
        enter(name);
    }

    @Override
    public void worked(int work) {
        units += work;
        report();
    }

    @Override
    public void done() {
    }

    @Override
    public boolean isCanceled() {
        return false;
    }

    @Override
    public void setCanceled(boolean value) {
    }

    @Override
    public void sendUserMessage(Severity severity, String message, Throwable exception) {
    }
}
