package dev.heaptriage.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.cli.Main;
import dev.heaptriage.scenarios.FdFileStreams;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.FourByteIds;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs heaptriage on damaged dumps ({@link DumpMutator}) through the command line's {@link Main#run} entry point, in
 * this JVM, one case at a time, and checks the contract of README "Exit codes" on each: the run ends (within a time
 * limit) in 0 or 1 with valid JSON on stdout and every warning in it, or in 3 with exactly one line on stderr in
 * heaptriage's words (no stack trace, no class or message of MAT or the JVM). Exit 4 is a failure here: the dumps are
 * small, so no real memory or disk limit is near. It tests whichever engine the command line uses by default.
 *
 * <p>{@code main} runs a thousand cases for {@code src/fuzz/fuzz.sh}; {@code DumpFuzzTest} runs a few hundred.
 */
public final class DumpFuzz {
    /** Texts that are never heaptriage's words: MAT's message keys and FAQ pointer, JVM exception names, escapes. */
    private static final Pattern FOREIGN = Pattern.compile("Exception|Error_|SnapshotFactory|FAQ|\\\\n|NullPointer"
            + "|\\bat (org|java|dev)\\.|org\\.eclipse|java\\.lang\\.|java\\.io\\.|internal error|\\bnull\\b"
            + "|Xmx");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case and how it ended; {@code problem} is null when the contract held. */
    public record Case(int index, String seed, String kind, String mutation, String command, int exit,
                       String errLine, String problem, long millis) {
    }

    private DumpFuzz() {
    }

    /**
     * Runs {@code cases} cases, mutating the seed dumps in turn, with case {@code i} made from
     * {@code new Random(caseSeed(seed, i))}. Stops early after a hang (MAT's core holds one dump per JVM).
     */
    public static List<Case> run(List<Path> seeds, int cases, long seed, Path work, long timeoutMillis,
                                 PrintStream log) throws IOException {
        List<DumpMutator> mutators = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : seeds) {
            mutators.add(new DumpMutator(Files.readAllBytes(p)));
            names.add(p.getFileName().toString());
        }
        Path index = Files.createDirectories(work.resolve("index"));
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            Random r = new Random(caseSeed(seed, i));
            int which = i % mutators.size();
            DumpMutator.Mutant m = mutators.get(which).mutate(r);
            int pick = r.nextInt(20);
            String command = pick < 14 ? "analyze" : pick < 17 ? "threads" : "histogram";
            Path file = work.resolve("case-" + i + ".hprof");
            Files.write(file, m.bytes());
            Case c = runCase(i, names.get(which), m, command, file, index, timeoutMillis);
            Files.deleteIfExists(file);
            deleteTree(index);
            Files.createDirectories(index);
            out.add(c);
            if (log != null && (c.problem() != null || Boolean.getBoolean("heaptriage.fuzz.verbose"))) {
                log.println("case " + i + (c.problem() == null ? ": " : " FAILED: ") + c);
            }
            if (c.problem() != null && c.problem().startsWith("hang")) {
                break;
            }
        }
        return out;
    }

    /** The seed of case {@code i}: SplitMix64's mixing, since {@link Random}'s first values of close seeds agree. */
    public static long caseSeed(long seed, int i) {
        long z = seed * 0x9E3779B97F4A7C15L + (i + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Case runCase(int i, String seed, DumpMutator.Mutant m, String command, Path file, Path index,
                                long timeoutMillis) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        String[] args = {command, file.toString(), "-f", "json", "--index-dir", index.toString()};
        Thread t = new Thread(() -> exit[0] = Main.run(new PrintWriter(out), new PrintWriter(err), args),
                "fuzz-case-" + i);
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        try {
            t.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> errLines = err.toString().lines().filter(l -> !l.isBlank() && !isProgress(l)).toList();
        String errLine = errLines.isEmpty() ? null : errLines.get(0);
        String problem = t.isAlive() ? "hang: no exit after " + timeoutMillis + " ms"
                : problem(command, exit[0], out.toString(), errLines);
        return new Case(i, seed, m.kind(), m.description(), command, exit[0], errLine, problem, millis);
    }

    /** What breaks the contract in this run, or null. */
    static String problem(String command, int exit, String out, List<String> errLines) {
        String prefix = "heaptriage " + command + ": ";
        if (exit == 3) {
            if (!out.isEmpty()) {
                return "exit 3 with a report on stdout";
            }
            if (errLines.size() != 1) {
                return "exit 3 with " + errLines.size() + " lines on stderr";
            }
            String line = errLines.get(0);
            if (!line.startsWith(prefix)) {
                return "error line does not start with '" + prefix + "'";
            }
            if (FOREIGN.matcher(line).find()) {
                return "error line holds words that are not heaptriage's";
            }
            return null;
        }
        if (exit != 0 && exit != 1) {
            return "exit " + exit;
        }
        JsonNode json;
        try {
            json = JSON.readTree(out);
        } catch (IOException e) {
            return "exit " + exit + " without valid JSON on stdout";
        }
        if (json == null || json.isMissingNode()) {
            return "exit " + exit + " with nothing on stdout";
        }
        Set<String> inJson = new HashSet<>();
        json.path("warnings").forEach(w -> inJson.add(w.asText()));
        for (String line : errLines) {
            if (!line.startsWith("warning: ")) {
                return "exit " + exit + " with a stderr line that is neither progress nor a warning";
            }
            if (FOREIGN.matcher(line).find()) {
                return "a warning holds words that are not heaptriage's";
            }
            if (command.equals("analyze") && !inJson.contains(line.substring("warning: ".length()))) {
                return "a warning on stderr is not in the JSON report's warnings";
            }
        }
        return null;
    }

    static boolean isProgress(String line) {
        return line.matches("heaptriage: \\[\\d+\\.\\d s\\] .*");
    }

    /** Outcomes by exit code and mutation kind, for the script's summary. */
    public static String summary(List<Case> cases) {
        Map<String, Integer> byExit = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byKind = new TreeMap<>();
        long failed = 0;
        long slowest = 0;
        for (Case c : cases) {
            byExit.merge("exit " + c.exit(), 1, Integer::sum);
            byKind.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(c.exit(), 1, Integer::sum);
            failed += c.problem() == null ? 0 : 1;
            slowest = Math.max(slowest, c.millis());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(cases.size()).append(" cases, ").append(failed).append(" broke the contract; ").append(byExit)
                .append("; slowest ").append(slowest).append(" ms\n");
        byKind.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        Map<String, Integer> messages = new LinkedHashMap<>();
        cases.stream().filter(c -> c.exit() == 3).map(c -> shape(c.errLine())).sorted()
                .forEach(s -> messages.merge(s, 1, Integer::sum));
        sb.append("refusals by message shape:\n");
        messages.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format("  %4d  %s%n", e.getValue(), e.getKey())));
        return sb.toString();
    }

    /** An error line without its numbers and paths, so lines of one kind count together. */
    private static String shape(String line) {
        if (line == null) {
            return "(none)";
        }
        String s = line.replaceAll("'[^']*'", "'…'").replaceAll("0x[0-9a-f]+", "0x…").replaceAll("\\d[\\d,.]*", "N");
        return s.length() > 150 ? s.substring(0, 150) + "…" : s;
    }

    static void deleteTree(Path root) throws IOException {
        ScenarioDumps.deleteTree(root);
    }

    /**
     * The seed dumps of {@code src/fuzz/fuzz.sh}: the sample dump (decompressed into {@code work}), two small
     * scenario dumps (a heap of known facts with a sleeping thread and its locals; open file streams held by a
     * static list) and the first with 4-byte identifiers.
     */
    static List<Path> defaultSeeds(Path work) throws IOException {
        Path sample = work.resolve("leaky-service.hprof");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                Path.of("sample-dumps/leaky-service.hprof.gz")))) {
            Files.copy(in, sample, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path known = ScenarioDumps.dump(KnownHeap.class);
        Path known4 = FourByteIds.rewrite(known, work.resolve("known-4.hprof"));
        return List.of(sample, known, known4, ScenarioDumps.dump(FdFileStreams.class));
    }

    /**
     * {@code DumpFuzz CASES SEED WORK_DIR TIMEOUT_SECONDS [DUMP...]}: runs the cases on the dumps (by default
     * {@link #defaultSeeds}), prints every failing case and a summary, exits 1 when a case broke the contract.
     */
    public static void main(String[] args) throws IOException {
        int cases = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        long timeout = Long.parseLong(args[3]) * 1000;
        List<Path> seeds = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            seeds.add(Path.of(args[i]));
        }
        if (seeds.isEmpty()) {
            seeds.addAll(defaultSeeds(work));
        }
        System.out.println("seeds: " + seeds);
        long start = System.nanoTime();
        List<Case> result = run(seeds, cases, seed, work.resolve("cases"), timeout, System.out);
        System.out.print(summary(result));
        System.out.printf("took %.1f s%n", (System.nanoTime() - start) / 1e9);
        System.exit(result.stream().anyMatch(c -> c.problem() != null) ? 1 : 0);
    }
}
