package dev.heaptriage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the benchmark that {@code src/bench/bench.sh} starts: for each dump size, generates a production-like dump
 * once (cached outside the repository), then measures alternately, several times each: (a) a single streaming pass
 * over the HPROF records, the floor; (b) MAT's core loading the dump alone; (c) {@code heaptriage analyze} end to
 * end, first run (no cache), (e) {@code threads} and (f) {@code histogram} after it, and (d) {@code analyze} again
 * (analysis cache). Every heaptriage command runs as a user runs it, {@code java -jar} with the JVM's default heap
 * limit (it re-launches itself when the dump needs more); MAT alone gets the default limit too, or the estimate
 * when that is larger, so that it can load the dump at all. It prints medians of wall time, CPU time and peak RSS
 * (of the largest process: the re-launched JVM when there is one), the ratios c/b, c/a, d/b and d/c measured in
 * this run, the memory estimate against the peak, and a per-phase breakdown of (c).
 *
 * <p>Usage: {@code Benchmark <jar> <test-classes> <cache dir> <reps> <heap MiB to fill>...}
 */
public final class Benchmark {
    private static final boolean HAVE_TIME = new File("/usr/bin/time").canExecute();
    /**
     * How long MAT's core alone may take before it is stopped ({@code $HEAPTRIAGE_BENCH_MAT_LIMIT} seconds, default
     * 1800): on some heaps its dominator sort runs for hours, and the ratios then say "at most".
     */
    private static final long MAT_LIMIT_SECONDS = Long.parseLong(
            System.getenv().getOrDefault("HEAPTRIAGE_BENCH_MAT_LIMIT", "1800"));

    record Sample(double wallSeconds, double cpuSeconds, long peakRssKb) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path testClasses = Path.of(args[1]).toAbsolutePath();
        Path cache = Path.of(args[2]).toAbsolutePath();
        int reps = Integer.parseInt(args[3]);
        Files.createDirectories(cache);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (!HAVE_TIME) {
            System.out.println("note: /usr/bin/time is missing (apt-get install time); CPU and RSS are not measured");
        }
        for (String size : Arrays.copyOfRange(args, 4, args.length)) {
            int mib = Integer.parseInt(size);
            Path dump = cache.resolve("production-" + mib + ".hprof");
            if (!Files.exists(dump)) {
                System.out.println("generating " + dump + " (fills " + mib + " MiB of heap) ...");
                run(List.of(java, "-Xmx" + (mib * 2 + 1024) + "m", "-cp", testClasses.toString(),
                        ProductionHeap.class.getName(), String.valueOf(mib), dump.toString()), true);
            }
            measure(java, jar, testClasses, cache, dump, reps);
        }
    }

    private static void measure(String java, Path jar, Path testClasses, Path cache, Path dump, int reps)
            throws Exception {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String mode : List.of("stream", "mat", "first", "threads", "histogram", "second")) {
            samples.put(mode, new ArrayList<>());
        }
        String cp = testClasses + File.pathSeparator + jar;
        JsonNode lastReport = null;
        Path lastIndex = null;
        long estimate = 0;
        long defaultHeap = Runtime.getRuntime().maxMemory();
        boolean matStopped = false;
        List<String> matPhases = List.of();
        for (int rep = 1; rep <= reps; rep++) {
            System.out.printf(Locale.ROOT, "%s: repetition %d of %d%n", dump.getFileName(), rep, reps);
            Path streamOut = Files.createTempFile(cache, "stream-", ".txt");
            samples.get("stream").add(run(List.of(java, "-cp", cp, StreamingPass.class.getName(), dump.toString()),
                    streamOut));
            Matcher e = Pattern.compile("estimateBytes=(\\d+)").matcher(Files.readString(streamOut));
            Files.delete(streamOut);
            estimate = e.find() ? Long.parseLong(e.group(1)) : 0;
            List<String> mat = new ArrayList<>(List.of(java));
            if (estimate > defaultHeap) {
                mat.add("-Xmx" + ((estimate >> 20) + 1) + "m");
            }
            Path matTemp = Files.createTempDirectory(cache, "mat-"); // its index files, also when it is stopped
            mat.addAll(List.of("-Djava.io.tmpdir=" + matTemp, "-cp", cp, "dev.heaptriage.load.MatLoadBaseline",
                    dump.toString()));
            Path matOut = Files.createTempFile(cache, "mat-", ".txt");
            Sample matRun = run(mat, false, matOut, MAT_LIMIT_SECONDS);
            matPhases = Files.readAllLines(matOut);
            Files.delete(matOut);
            deleteTree(matTemp);
            matStopped |= matRun == null;
            samples.get("mat").add(matRun == null ? new Sample(MAT_LIMIT_SECONDS, Double.NaN, 0) : matRun);
            Path index = Files.createTempDirectory(cache, "index-");
            Path report = index.resolve("report.json");
            samples.get("first").add(run(List.of(java, "-jar", jar.toString(), "analyze", dump.toString(), "-q",
                    "--no-cache", "--index-dir", index.toString(), "-f", "json", "-o", report.toString()), false));
            lastReport = new ObjectMapper().readTree(report.toFile());
            Files.delete(report);
            for (String table : List.of("threads", "histogram")) {
                samples.get(table).add(run(List.of(java, "-jar", jar.toString(), table, dump.toString(), "-q",
                        "-f", "json", "--index-dir", index.toString()), false));
            }
            samples.get("second").add(run(List.of(java, "-jar", jar.toString(), "analyze", dump.toString(), "-q",
                    "--index-dir", index.toString(), "-f", "json", "-o", report.toString()), false));
            if (lastIndex != null) {
                deleteTree(lastIndex);
            }
            lastIndex = index;
        }
        Sample stream = median(samples.get("stream"));
        Sample mat = median(samples.get("mat"));
        Sample first = median(samples.get("first"));
        Sample second = median(samples.get("second"));
        Sample threads = median(samples.get("threads"));
        Sample histogram = median(samples.get("histogram"));
        System.out.printf(Locale.ROOT, "%n%s: %.2f GiB, %,d objects, %d repetitions (medians)%n", dump.getFileName(),
                Files.size(dump) / (double) (1L << 30), lastReport.path("dump").path("objects").asLong(), reps);
        System.out.printf(Locale.ROOT, "  %-32s %9s %9s %12s%n", "", "wall s", "cpu s", "peak RSS");
        row("(a) streaming pass (floor)", stream);
        row(matStopped ? "(b) MAT core load alone: stopped" : "(b) MAT core load alone", mat);
        row("(c) heaptriage analyze, first", first);
        row("(d) heaptriage analyze, second", second);
        row("(e) threads after (c)", threads);
        row("(f) histogram after (c)", histogram);
        if (matStopped) {
            System.out.printf(Locale.ROOT, "  MAT's core alone did not finish in %d s and was stopped: c/b and d/b are "
                    + "upper bounds%n", MAT_LIMIT_SECONDS);
        }
        System.out.printf(Locale.ROOT, "  ratios  c/b %.2f (cpu %.2f)   c/a %.1f   d/b %.3f   d/c %.3f%n",
                first.wallSeconds() / mat.wallSeconds(), ratio(first.cpuSeconds(), mat.cpuSeconds()),
                first.wallSeconds() / stream.wallSeconds(), second.wallSeconds() / mat.wallSeconds(),
                second.wallSeconds() / first.wallSeconds());
        System.out.printf(Locale.ROOT, "  memory  estimate %,d MiB of heap; default heap limit %,d MiB (%s); "
                        + "peak RSS of (c) %,d MiB (%.2f× the estimate)%n", estimate >> 20, defaultHeap >> 20,
                estimate > defaultHeap ? "analyze re-launched itself with more" : "analyze ran in place",
                first.peakRssKb() >> 10, estimate > 0 ? (first.peakRssKb() << 10) / (double) estimate : Double.NaN);
        JsonNode t = lastReport.path("timings");
        System.out.printf(Locale.ROOT, "  phases of (c): load %.1f s, detect %.1f s", t.path("loadMillis").asLong() / 1e3,
                t.path("detectMillis").asLong() / 1e3);
        t.path("detectorMillis").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, ", %s %.2f s",
                e.getKey(), e.getValue().asLong() / 1e3));
        System.out.println();
        System.out.println("  render of (c)'s report: " + RenderTiming.measure(lastIndex));
        List<String> engine = new ArrayList<>();
        System.out.println("  " + sizeModelCost(java, cp, dump, cache,
                estimate > defaultHeap ? (estimate >> 20) + 1 : 0, engine));
        long objects = lastReport.path("dump").path("objects").asLong();
        phases("MAT core alone (b), last repetition", matPhases, mat, objects);
        phases("heaptriage's load (a run of its own, as in (c))", engine, first, objects);
        System.out.println();
        deleteTree(lastIndex);
    }

    /**
     * The size model's share of one load (README "Sizes") and what the thread and class tables cost {@code analyze},
     * measured in a run of its own.
     */
    private static String sizeModelCost(String javaCommand, String cp, Path dump, Path cache, long heapMib,
                                        List<String> phases) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaCommand));
        if (heapMib > 0) {
            cmd.add("-Xmx" + heapMib + "m");
        }
        cmd.addAll(List.of("-cp", cp, "dev.heaptriage.load.SizeModelCost", dump.toString(), cache.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        out.lines().filter(l -> l.startsWith("phase=")).forEach(phases::add);
        out = out.lines().filter(l -> !l.startsWith("phase=")).reduce("", (a, b) -> a + b).trim();
        if (p.waitFor() != 0 || !out.startsWith("sizeModelMillis=")) {
            return "size model: not measured (" + out + ")";
        }
        Matcher m = Pattern.compile("sizeModelMillis=(\\d+) loadMillis=(\\d+) overviewMillis=(\\d+)").matcher(out);
        if (!m.find()) {
            return "size model: " + out;
        }
        double model = Long.parseLong(m.group(1)) / 1e3;
        double load = Long.parseLong(m.group(2)) / 1e3;
        double overview = Long.parseLong(m.group(3)) / 1e3;
        return String.format(Locale.ROOT, "size model (layout inference, used heap): %.1f s of a %.1f s load (%.1f%%); "
                + "thread and class tables for threads/histogram: %.1f s (%.1f%%)", model, load, 100 * model / load,
                overview, 100 * overview / load);
    }

    private static final Pattern PHASE = Pattern.compile(
            "phase=(\\S+) wallMillis=(\\d+) cpuMillis=(-?\\d+) gcMillis=(\\d+)");

    /**
     * Each phase of a load ({@code PhaseClock}'s lines): wall, CPU (all threads of the process), CPU over wall (above
     * 1 when both cores work) and the collectors' time; then the peak RSS of the whole run per object.
     */
    private static void phases(String title, List<String> lines, Sample run, long objects) {
        System.out.printf(Locale.ROOT, "  phases of %s:%n", title);
        double wall = 0;
        double cpu = 0;
        double gc = 0;
        for (String line : lines) {
            Matcher m = PHASE.matcher(line);
            if (!m.find()) {
                continue;
            }
            double w = Long.parseLong(m.group(2)) / 1e3;
            double c = Long.parseLong(m.group(3)) / 1e3;
            double g = Long.parseLong(m.group(4)) / 1e3;
            wall += w;
            cpu += c;
            gc += g;
            System.out.printf(Locale.ROOT, "    %-58s %8.1f s wall %8.1f s cpu  %4.2f cpu/wall %7.1f s gc%n",
                    m.group(1).replace('_', ' '), w, c, w > 0 ? c / w : Double.NaN, g);
        }
        if (wall == 0) {
            System.out.println("    (no phases: the run was stopped or failed)");
            return;
        }
        System.out.printf(Locale.ROOT, "    %-58s %8.1f s wall %8.1f s cpu  %4.2f cpu/wall %7.1f s gc%n", "total", wall,
                cpu, cpu / wall, gc);
        System.out.printf(Locale.ROOT, "    %,d objects; peak RSS of its end-to-end run %,d MiB = %.0f bytes an object%n",
                objects, run.peakRssKb() >> 10, objects > 0 ? (run.peakRssKb() << 10) / (double) objects : Double.NaN);
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }

    private static void row(String label, Sample s) {
        System.out.printf(Locale.ROOT, "  %-32s %9.1f %9.1f %9d MiB%n", label, s.wallSeconds(), s.cpuSeconds(),
                s.peakRssKb() >> 10);
    }

    private static Sample median(List<Sample> list) {
        double[] wall = list.stream().mapToDouble(Sample::wallSeconds).sorted().toArray();
        double[] cpu = list.stream().mapToDouble(Sample::cpuSeconds).sorted().toArray();
        long[] rss = list.stream().mapToLong(Sample::peakRssKb).sorted().toArray();
        int m = list.size() / 2;
        return new Sample(wall[m], cpu[m], rss[m]);
    }

    /** Runs a command under /usr/bin/time (when present) and returns its wall, CPU and peak RSS. */
    private static Sample run(List<String> command, boolean inheritOutput) throws IOException, InterruptedException {
        return run(command, inheritOutput, null);
    }

    /** As {@link #run(List, boolean)}, with the command's standard output written to {@code out}. */
    private static Sample run(List<String> command, Path out) throws IOException, InterruptedException {
        return run(command, false, out);
    }

    private static Sample run(List<String> command, boolean inheritOutput, Path stdout)
            throws IOException, InterruptedException {
        return run(command, inheritOutput, stdout, 0);
    }

    /** As above; with {@code limitSeconds} above 0 a command still running then is stopped, and null returned. */
    private static Sample run(List<String> command, boolean inheritOutput, Path stdout, long limitSeconds)
            throws IOException, InterruptedException {
        Path times = Files.createTempFile("bench-time", ".txt");
        List<String> cmd = new ArrayList<>();
        if (HAVE_TIME) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (inheritOutput) {
            pb.inheritIO();
        } else {
            pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        long start = System.nanoTime();
        Process p = pb.start();
        if (limitSeconds > 0 && !p.waitFor(limitSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            Files.deleteIfExists(times);
            return null;
        }
        int code = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("command failed with exit " + code + ": " + command);
        }
        Sample s = new Sample(wall, Double.NaN, 0);
        if (HAVE_TIME) {
            String[] f = Files.readString(times).trim().split("\\s+");
            String[] last = Arrays.copyOfRange(f, f.length - 4, f.length);
            s = new Sample(wall, Double.parseDouble(last[1]) + Double.parseDouble(last[2]), Long.parseLong(last[3]));
        }
        Files.delete(times);
        return s;
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
