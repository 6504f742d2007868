package dev.heaptriage.cli;

import dev.heaptriage.detect.Analyzer;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.load.DumpException;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.load.MemoryCheck;
import dev.heaptriage.load.ResourceException;
import dev.heaptriage.load.UsageException;
import dev.heaptriage.render.Printable;
import dev.heaptriage.render.Renderer;
import dev.heaptriage.render.Renderers;
import dev.heaptriage.report.BaselineComparison;
import dev.heaptriage.report.BaselineReport;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ReportStore;
import dev.heaptriage.report.Severity;
import dev.heaptriage.report.Timings;
import dev.heaptriage.report.ToolInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heaptriage analyze DUMP}: load, detect, report. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyse a heap dump (.hprof, plain or compressed with gzip, bzip2, xz or zstd) and report the leaks it holds.",
                "The report goes to stdout (or -o); progress and warnings go to stderr.", ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  heaptriage analyze app.hprof",
                "  heaptriage analyze app.hprof.gz -f json -o report.json",
                "  heaptriage analyze app.hprof --fail-on high --min-severity medium",
                "  heaptriage analyze app.hprof --detectors unclosed-fd --redact -f markdown",
                "  heaptriage analyze app.hprof -f json -o heaptriage.json     (keep it as the next baseline)",
                "  heaptriage analyze app.hprof --baseline heaptriage.json --fail-on high -f sarif -o heaptriage.sarif",
                "",
                "Take a dump with 'jcmd <pid> GC.heap_dump /tmp/app.hprof' or",
                "'jmap -dump:live,format=b,file=/tmp/app.hprof <pid>', or start the JVM with",
                "-XX:+HeapDumpOnOutOfMemoryError. For very large dumps give heaptriage about as",
                "much memory as the dump's size: 'java -Xmx8g -jar heaptriage.jar analyze big.hprof'."})
final class AnalyzeCommand implements Callable<Integer> {
    /** Examples collected per finding; {@code --max-evidence} can show at most this many. */
    static final int COLLECTED_EVIDENCE = dev.heaptriage.detect.Evidences.COLLECT_LIMIT;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DUMP", description = "the heap dump: .hprof, plain or compressed with gzip, bzip2, xz or zstd")
    Path dump;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text", completionCandidates = FormatNames.class,
            description = "report format: text, json, markdown, html, sarif (code scanning) or junit (CI test "
                    + "reports) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report to FILE instead of stdout (all of it or nothing; only ever a "
            + "regular file; - is stdout)")
    Path output;

    @Option(names = "--force", description = "let -o replace an existing regular file (a symbolic link is replaced "
            + "itself, never what it points to)")
    boolean force;

    @Option(names = "--detectors", paramLabel = "ID", split = ",",
            description = "run only these detectors (see 'heaptriage detectors')")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "ID", split = ",", description = "do not run these detectors")
    List<String> skip = new ArrayList<>();

    @Option(names = "--min-severity", paramLabel = "LEVEL", defaultValue = "info", converter = SeverityConverter.class,
            completionCandidates = SeverityNames.class,
            description = "report findings at or above LEVEL: info, low, medium, high, critical (default: ${DEFAULT-VALUE})")
    Severity minSeverity;

    @Option(names = "--fail-on", paramLabel = "LEVEL", converter = SeverityConverter.class,
            completionCandidates = SeverityNames.class,
            description = "exit 1 when a finding at or above LEVEL exists (for CI); with --baseline, only a new one "
                    + "or one that grew past --fail-on-growth")
    Severity failOn;

    @Option(names = "--fail-on-growth", paramLabel = "PCT",
            description = "with --baseline: a persisting finding fails --fail-on when its count or retained bytes "
                    + "grew by PCT percent or more (default: " + BaselineComparison.DEFAULT_GROWTH_PERCENT
                    + ", i.e. doubled; 0: any growth)")
    Integer failOnGrowth;

    @Option(names = "--redact", description = "replace strings from the dump's contents (paths, peers, thread names, "
            + "values) with <redacted:N chars>; class, field and method names and the JDK's own thread names stay")
    boolean redact;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "the folder in which heaptriage keeps a private "
            + "folder of its own for this dump: index files, the analysis cache, a decompressed copy (default: "
            + "$XDG_CACHE_HOME/heaptriage or ~/.cache/heaptriage)")
    Path indexDir;

    @Option(names = "--max-evidence", paramLabel = "N", defaultValue = "5",
            description = "example objects per finding, from 0 to " + COLLECTED_EVIDENCE + " (default: ${DEFAULT-VALUE})")
    int maxEvidence;

    @Option(names = "--baseline", paramLabel = "REPORT.json",
            description = "compare with an earlier JSON report of the same service: each finding is new or "
                    + "persisting (with count and bytes deltas), and the report lists those resolved since")
    Path baseline;

    @Option(names = "--source-root", paramLabel = "DIR", description = "the folder, relative to the repository, "
            + "that holds the application's sources (e.g. src/main/java): code locations (SARIF) are given under it")
    String sourceRoot;

    @Option(names = "--no-cache", description = "analyse (and decompress) again even when a cached result for this dump exists")
    boolean noCache;

    @Option(names = "--heap", paramLabel = "N", defaultValue = "0",
            description = "which heap of a file that holds several (the JVMTI hprof agent writes one per dump "
                    + "request); 1 is the first and the default")
    int heap;

    @Option(names = {"-q", "--quiet"}, description = "no progress or warnings on stderr")
    boolean quiet;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--app-packages", paramLabel = "PKG", split = ",",
            description = "the application's own packages (e.g. com.acme,org.foo): owners are named in them; "
                    + "default: read from the dump's thread stacks, with well-known libraries left out")
    List<String> appPackages = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        CommandLine cl = spec.commandLine();
        Renderer renderer = Renderers.byName(format).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown format '" + format + "'; expected one of " + String.join(", ", Renderers.names())));
        if (failOnGrowth != null && baseline == null) {
            throw new CommandLine.ParameterException(cl, "--fail-on-growth compares with a baseline; pass "
                    + "--baseline REPORT.json too");
        }
        if (failOnGrowth != null && (failOnGrowth < 0 || failOnGrowth > 100_000)) {
            throw new CommandLine.ParameterException(cl, "--fail-on-growth must be a percentage from 0 to 100000, "
                    + "found " + failOnGrowth);
        }
        if (maxEvidence < 0 || maxEvidence > COLLECTED_EVIDENCE) {
            throw new CommandLine.ParameterException(cl, "--max-evidence must be from 0 to " + COLLECTED_EVIDENCE
                    + " (the examples collected per finding), found " + maxEvidence);
        }
        if (heap < 0 || spec.commandLine().getParseResult().hasMatchedOption("--heap") && heap == 0) {
            throw new CommandLine.ParameterException(cl, "--heap must be 1 or more (1 is the first heap), found "
                    + heap);
        }
        ReportOutput target = output == null ? null : ReportOutput.check(cl, output, dump, force);
        List<Detector> detectors;
        try {
            detectors = Detectors.select(only, skip);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        String name = "heaptriage analyze";
        Progress progress = new Progress(err, Progress.modeFor(quiet), detectors.stream().map(d -> d.info().id()).toList());
        BaselineReport base = null;
        if (baseline != null) {
            try {
                base = BaselineFile.load(baseline);
            } catch (BaselineReport.Refused e) {
                return Errors.print(err, progress, name, e.getMessage(), ExitCode.USAGE);
            }
        }
        Report report;
        try {
            report = analyse(detectors, progress, err)
                    .withDetectors(detectors.stream().map(d -> d.info().descriptor()).toList());
        } catch (MemoryCheck.Relaunch r) {
            progress.clear();
            return JvmMemory.relaunch(r, Main.arguments(), err, quiet);
        } catch (DumpException e) {
            return Errors.print(err, progress, name, e.getMessage(), ExitCode.BAD_DUMP);
        } catch (ResourceException e) {
            return Errors.print(err, progress, name, e.getMessage(), ExitCode.RESOURCES);
        } catch (UsageException e) {
            return Errors.print(err, progress, name, e.getMessage(), ExitCode.USAGE);
        }
        progress.finish();
        if (!quiet) {
            for (String w : report.warnings()) {
                err.println("warning: " + Printable.escape(w));
            }
        }
        if (base != null) {
            report = BaselineComparison.compare(report, base,
                    failOnGrowth == null ? BaselineComparison.DEFAULT_GROWTH_PERCENT : failOnGrowth);
        }
        report = report.withSourceRoot(sourceRoot).withFailOn(failOn);
        // Judged before --min-severity filters; with a baseline only new and grown findings count.
        boolean failed = report.failsGate(failOn);
        Report shown = report.atLeast(minSeverity).limitEvidence(maxEvidence);
        if (redact) {
            shown = shown.redacted();
        }
        try {
            if (target == null) {
                ReportOutput.toStdout(renderer, shown, spec.commandLine().getOut());
            } else {
                target.write(renderer, shown);
            }
        } catch (ReportOutput.Failure e) {
            return Errors.print(err, progress, name, e.getMessage(), e.exit);
        }
        return failed ? ExitCode.FINDINGS.code : ExitCode.OK.code;
    }

    /** The report for this dump and detector set: from the cache when an earlier run made it, else by analysing. */
    private Report analyse(List<Detector> detectors, Progress progress, PrintWriter err)
            throws DumpException, ResourceException, UsageException, IOException {
        long start = System.nanoTime();
        DumpFile file = DumpFile.check(dump);
        try (IndexDirectory index = DumpOpener.index(dump, indexDir, quiet, err, progress)) {
            ToolInfo tool = new ToolInfo(Version.NAME, Version.get());
            List<String> keyParts = new ArrayList<>(detectors.stream().map(d -> d.info().id()).toList());
            // Owners depend on which packages are the application's, so the cache keys on them too.
            appPackages.stream().map(p -> "app:" + p.trim()).sorted().forEach(keyParts::add);
            String key = index.cacheKey(tool.version(), keyParts, Math.max(1, heap));
            Path cacheFile = index.analysisCacheFile(key);
            if (!noCache) {
                // Read under the lock: a run that waited for another gets the report that run wrote. A report
                // cached before sizes followed the dump's object layout has MAT's sizes: analyse again.
                var cached = index.read(cacheFile, MAX_CACHE_BYTES).flatMap(b -> ReportStore.fromBytes(b, key))
                        .filter(r -> r.dump().objectLayout() != null);
                if (cached.isPresent()) {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    Report r = cached.get();
                    return r.withDump(r.dump().withPath(dump.toString()))
                            .withTimings(new Timings(ms, 0, ms, java.util.Map.of(), Boolean.TRUE));
                }
            }
            progress.accept("loading " + dump.getFileName());
            Report report;
            String tablesWarning;
            try (LoadedDump loaded = DumpLoader.open(file, index, progress, new DumpLoader.Options(heap, noCache,
                    JvmMemory.forThisJvm(err, quiet)))) {
                Analyzer analyzer = new Analyzer(detectors, appPackages, progress::detector);
                report = analyzer.analyze(loaded.heap(), tool, loaded.loadMillis(), loaded.warnings());
                // What threads and histogram show, stored now that the heap is open: they need no parse later.
                progress.tables();
                tablesWarning = DumpOpener.storeOverview(index, heap, loaded.heap(), loaded.warnings());
            } catch (OutOfMemoryError e) {
                throw DumpLoader.notEnoughMemory(file);
            }
            if (tablesWarning != null && !quiet) {
                progress.clear();
                err.println("warning: " + tablesWarning);
            }
            try {
                index.writeAtomically(cacheFile, ReportStore.toBytes(report, key));
            } catch (IOException e) {
                if (!quiet) {
                    progress.clear();
                    err.println("warning: could not save the analysis cache: " + Printable.escape(e.toString()));
                }
            }
            return report;
        }
    }

    /** A cache entry larger than this is not a report heaptriage wrote. */
    private static final long MAX_CACHE_BYTES = 1L << 30;

    /** The report formats, for shell completion. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Renderers.names().iterator();
        }
    }

    /** Severity levels, for shell completion. */
    static final class SeverityNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Severity.values()).map(Severity::id).iterator();
        }
    }

    /** Parses severity names with a message that lists the valid ones. */
    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
