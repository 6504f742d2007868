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
 * end, first run (no cache) and (d) second run (analysis cache). It prints medians of wall time, CPU time and peak
 * RSS, the ratios c/b, c/a and d/c measured in this run, and a per-phase breakdown of (c).
 *
 * <p>Usage: {@code Benchmark <jar> <test-classes> <cache dir> <reps> <heap MiB to fill>...}
 */
public final class Benchmark {
    private static final boolean HAVE_TIME = new File("/usr/bin/time").canExecute();

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
        for (String mode : List.of("stream", "mat", "first", "second")) {
            samples.put(mode, new ArrayList<>());
        }
        String cp = testClasses + File.pathSeparator + jar;
        JsonNode lastReport = null;
        Path lastIndex = null;
        for (int rep = 1; rep <= reps; rep++) {
            System.out.printf(Locale.ROOT, "%s: repetition %d of %d%n", dump.getFileName(), rep, reps);
            samples.get("stream").add(run(List.of(java, "-cp", cp, StreamingPass.class.getName(), dump.toString()), false));
            samples.get("mat").add(run(List.of(java, "-cp", cp, "dev.heaptriage.load.MatLoadBaseline",
                    dump.toString()), false));
            Path index = Files.createTempDirectory(cache, "index-");
            Path report = index.resolve("report.json");
            samples.get("first").add(run(List.of(java, "-jar", jar.toString(), "analyze", dump.toString(), "-q",
                    "--no-cache", "--index-dir", index.toString(), "-f", "json", "-o", report.toString()), false));
            lastReport = new ObjectMapper().readTree(report.toFile());
            Files.delete(report);
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
        System.out.printf(Locale.ROOT, "%n%s: %.2f GiB, %,d objects, %d repetitions (medians)%n", dump.getFileName(),
                Files.size(dump) / (double) (1L << 30), lastReport.path("dump").path("objects").asLong(), reps);
        System.out.printf(Locale.ROOT, "  %-32s %9s %9s %12s%n", "", "wall s", "cpu s", "peak RSS");
        row("(a) streaming pass (floor)", stream);
        row("(b) MAT core load alone", mat);
        row("(c) heaptriage analyze, first", first);
        row("(d) heaptriage analyze, second", second);
        System.out.printf(Locale.ROOT, "  ratios  c/b %.2f (cpu %.2f)   c/a %.1f   d/c %.3f%n", first.wallSeconds() / mat.wallSeconds(),
                ratio(first.cpuSeconds(), mat.cpuSeconds()), first.wallSeconds() / stream.wallSeconds(),
                second.wallSeconds() / first.wallSeconds());
        JsonNode t = lastReport.path("timings");
        System.out.printf(Locale.ROOT, "  phases of (c): load %.1f s, detect %.1f s", t.path("loadMillis").asLong() / 1e3,
                t.path("detectMillis").asLong() / 1e3);
        t.path("detectorMillis").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, ", %s %.2f s",
                e.getKey(), e.getValue().asLong() / 1e3));
        System.out.println();
        System.out.println("  render of (c)'s report: " + RenderTiming.measure(lastIndex));
        System.out.println("  " + sizeModelCost(java, cp, dump, cache));
        System.out.println();
        deleteTree(lastIndex);
    }

    /** The size model's share of one load (README "Sizes"), measured in a run of its own. */
    private static String sizeModelCost(String javaCommand, String cp, Path dump, Path cache)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaCommand, "-cp", cp, "dev.heaptriage.load.SizeModelCost", dump.toString(),
                cache.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !out.startsWith("sizeModelMillis=")) {
            return "size model: not measured (" + out + ")";
        }
        Matcher m = Pattern.compile("sizeModelMillis=(\\d+) loadMillis=(\\d+)").matcher(out);
        if (!m.find()) {
            return "size model: " + out;
        }
        double model = Long.parseLong(m.group(1)) / 1e3;
        double load = Long.parseLong(m.group(2)) / 1e3;
        return String.format(Locale.ROOT, "size model (layout inference, used heap): %.1f s of a %.1f s load (%.1f%%)",
                model, load, 100 * model / load);
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
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        long start = System.nanoTime();
        int code = pb.start().waitFor();
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
