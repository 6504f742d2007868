package dev.heaptriage.render;

import dev.heaptriage.report.BaselineComparison;
import dev.heaptriage.report.BaselineFinding;
import dev.heaptriage.report.BaselineReport;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.CodeLocation;
import dev.heaptriage.report.DetectorDescriptor;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.DumpSummary;
import dev.heaptriage.report.ObjectLayoutInfo;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.report.Timings;
import dev.heaptriage.report.ToolInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared reports every renderer test and golden file uses. Everything is fixed (paths, timestamps,
 * timings, addresses) so the goldens are stable; maps are {@link LinkedHashMap}s because {@code Map.of}
 * iterates in a different order on every JVM run. Several strings carry characters that Markdown or HTML must
 * escape ({@code <script>}, {@code |}, {@code &}, {@code *}, {@code _}, {@code $}), as dump contents can.
 */
final class RenderFixtures {

    static final ToolInfo TOOL = new ToolInfo("heaptriage", "0.1.0");

    /** The dump of DESIGN.md §5's header: 1.9 GiB, 39,610,386 objects, 2.0 GiB used heap. */
    static final DumpSummary BIG_DUMP = new DumpSummary("/var/dumps/app.hprof", 2_040_109_466L,
            "JAVA PROFILE 1.0.2", 8, "2026-11-29T13:55:00Z", 39_610_386L, 21_873L, 4_210L, 2_147_483_648L, 57,
            compressedOops());

    private RenderFixtures() {
    }

    /** The layout of most dumps: what a JDK 17 with default settings writes. */
    static ObjectLayoutInfo compressedOops() {
        return new ObjectLayoutInfo("hotspot", "64-bit HotSpot, compressed oops, compressed class pointers", 12, 16,
                4, 8, "jdk15", 524_224L, 0.991);
    }

    /** Fixture name (the golden files' base name) to report, in a fixed order. */
    static Map<String, Report> all() {
        Map<String, Report> all = new LinkedHashMap<>();
        all.put("empty", empty());
        all.put("one-finding", oneFinding());
        all.put("several-findings", severalFindings());
        all.put("with-errors", withErrors());
        all.put("with-baseline", withBaseline());
        return all;
    }

    /** The detectors the fixtures say ran (short texts; the real ones are the detectors' own). */
    static final List<DetectorDescriptor> DETECTORS = List.of(
            new DetectorDescriptor("finalizer-backlog", "Finalizer backlog", Severity.HIGH,
                    "Objects waiting for finalization and a stuck Finalizer thread.",
                    "Use try-with-resources with a Cleaner; never block in finalize()."),
            new DetectorDescriptor("parked-threads", "Threads parked forever", Severity.HIGH,
                    "Threads waiting on something no other thread can reach.", "Give every wait an end."),
            new DetectorDescriptor("retained-slice", "Small views pinning large stores", Severity.MEDIUM,
                    "Views that keep large backing arrays alive.", "Copy what you keep."),
            new DetectorDescriptor("unclosed-fd", "Unclosed file descriptors", Severity.HIGH,
                    "Objects that still own an open OS descriptor.", "Close it in try-with-resources."));

    /**
     * {@link #severalFindings()} compared with a baseline of an earlier dump, gated on {@code high}: the files are
     * persisting and a little more, the pool's workers grew from 50 to 200 (grown), the substrings are new, the
     * sockets are unchanged, and a RandomAccessFile finding of the baseline is resolved.
     */
    static Report withBaseline() {
        BaselineReport baseline = new BaselineReport("ci/baseline/heaptriage.json", "0.1.0",
                "2026-11-22T08:00:00Z", "/var/dumps/app-previous.hprof", List.of(
                new BaselineFinding("unclosed-fd", "unclosed-fd/java.io.FileInputStream/com.acme.Cache.files",
                        Severity.HIGH, "1,000 FileInputStreams still hold open file descriptors", 1000, 128_000),
                new BaselineFinding("parked-threads",
                        "parked-threads/java.util.concurrent.ThreadPoolExecutor/LinkedBlockingQueue.take",
                        Severity.HIGH, "50 workers of an unreferenced thread pool wait forever", 50, 13_107_200),
                new BaselineFinding("unclosed-fd", "unclosed-fd/java.net.Socket/unreachable", Severity.LOW,
                        "24 unreachable sockets wait for GC to close them", 24, 4_096),
                new BaselineFinding("unclosed-fd", "unclosed-fd/java.io.RandomAccessFile/com.acme.Segments.open",
                        Severity.HIGH, "30 RandomAccessFiles of <segment> files are open", 30, 5_440)));
        return BaselineComparison.compare(severalFindings(), baseline, BaselineComparison.DEFAULT_GROWTH_PERCENT)
                .withFailOn(Severity.HIGH);
    }

    /** A clean dump: no findings, no errors; no creation time in the dump; not from cache. */
    static Report empty() {
        DumpSummary dump = new DumpSummary("/var/dumps/idle.hprof", 19_491_181L, "JAVA PROFILE 1.0.2", 8, null,
                438_883L, 1_125L, 1_147L, 16_779_208L, 32, compressedOops());
        return Report.of(TOOL, dump, List.of(), List.of(), List.of(),
                new Timings(1_234, 56, 1_290, ordered("unclosed-fd", 20L, "parked-threads", 36L), false))
                .withDetectors(DETECTORS);
    }

    /** Exactly the finding of DESIGN.md §3, with the timings of DESIGN.md §5. */
    static Report oneFinding() {
        return Report.of(TOOL, BIG_DUMP, List.of(unclosedFiles()), List.of(), List.of(),
                new Timings(64_100, 2_300, 66_400, ordered("unclosed-fd", 2_300L), null))
                .withDetectors(DETECTORS.subList(3, 4));
    }

    /**
     * Four findings of four severities, given out of order (the model sorts them): a critical one with no
     * owner, a long summary and seven breakdown entries; the DESIGN.md finding; one with wasted bytes and
     * Markdown-hostile strings; a low one with no summary and no evidence. Loaded from the analysis cache.
     */
    static Report severalFindings() {
        return Report.of(TOOL, BIG_DUMP, List.of(unreachableSockets(), unclosedFiles(), substrings(), parkedPool()),
                List.of(), List.of(),
                new Timings(850, 2_345, 3_195, ordered("parked-threads", 1_200L, "retained-slice", 600L,
                        "unclosed-fd", 545L), true))
                .withDetectors(DETECTORS);
    }

    /**
     * A failed detector and a warning, both with text to escape, next to one info finding; the dump's file name
     * has HTML and Markdown metacharacters; no creation time and no timings.
     */
    static Report withErrors() {
        DumpSummary dump = new DumpSummary("/tmp/r&d/<script>|prod.hprof", 734_003_200L, "JAVA PROFILE 1.0.2", 8,
                null, 5_000_000L, 9_000L, 2_000L, 681_574_400L, 12,
                new ObjectLayoutInfo("mat", "MAT's object model (16-byte headers, 8-byte references)", 16, 20, 8, 8,
                        "mat", 524_224L, 0.12));
        Finding info = Finding.builder("retained-slice")
                .fingerprint("java.nio.HeapByteBuffer/com.acme.net.Frame.payload")
                .severity(Severity.INFO)
                .title("2 ByteBuffer slices keep 64 KiB buffers alive")
                .summary("Two 16-byte slices of 64 KiB heap buffers are kept by Frame.payload.")
                .count(2)
                .retainedBytes(131_104)
                .wastedBytes(131_040L)
                .owner("com.acme.net.Frame.payload (instance field)")
                .breakdown(List.of(new Breakdown("java.nio.HeapByteBuffer", 2)))
                .remediation("Copy the slice (ByteBuffer.allocate(n).put(slice)) before keeping it.")
                .build();
        return Report.of(TOOL, dump, List.of(info),
                List.of(new DetectorError("finalizer-backlog",
                        "could not read java.lang.ref.Finalizer.queue: field 'queue' not found in "
                                + "<class java.lang.ref.Finalizer> & its supers")),
                List.of("the dump is truncated at 93% | some objects are missing & results may be incomplete"),
                null);
    }

    /** The DESIGN.md §3 finding, including its four-step path. */
    static Finding unclosedFiles() {
        return Finding.builder("unclosed-fd")
                .fingerprint("java.io.FileInputStream/com.acme.Cache.files")
                .severity(Severity.HIGH)
                .title("1,024 FileInputStreams still hold open file descriptors")
                .summary("1,024 FileInputStreams opened by com.acme.Cache were never closed and are still "
                        + "reachable from Cache.files, so each keeps an OS file descriptor open.")
                .count(1024)
                .retainedBytes(131_072)
                .owner("com.acme.Cache.files (static field)")
                .breakdown(List.of(new Breakdown("/var/log/app.log", 1000), new Breakdown("/etc/hosts", 24)))
                .evidence(List.of(new Evidence("0x7ff001200", "java.io.FileInputStream", 40, 128,
                        ordered("path", "/var/log/app.log", "fd", 57),
                        List.of(new PathStep("java.io.FileInputStream", 0x7ff001200L, PathStep.Via.NONE),
                                new PathStep("java.lang.Object[]", 0x7ff000100L, PathStep.Via.element(17)),
                                new PathStep("java.util.ArrayList", 0x7ff000080L, PathStep.Via.field("elementData")),
                                new PathStep("com.acme.Cache", 0, PathStep.Via.staticField("files"))))))
                .remediation("Close each stream in try-with-resources, or close it when its entry leaves "
                        + "Cache.files.")
                .build()
                .withLocation(new CodeLocation("com.acme.Cache", null, "com/acme/Cache.java", null));
    }

    /** Critical, no owner (nothing references the pool), a summary over 100 columns, seven breakdown entries. */
    static Finding parkedPool() {
        return Finding.builder("parked-threads")
                .fingerprint("java.util.concurrent.ThreadPoolExecutor/LinkedBlockingQueue.take")
                .severity(Severity.CRITICAL)
                .title("200 workers of an unreferenced thread pool wait forever")
                .summary("200 threads of a ThreadPoolExecutor that nothing references any more are parked in "
                        + "LinkedBlockingQueue.take(); nobody can submit work or call shutdown(), so they and "
                        + "their stacks live until the JVM exits.")
                .count(200)
                .retainedBytes(52_428_800)
                .breakdown(List.of(
                        new Breakdown("pool-7-thread-*", 120),
                        new Breakdown("pool-8-thread-*", 40),
                        new Breakdown("worker <script>alert('x')</script>", 20),
                        new Breakdown("pool-9-thread-*", 10),
                        new Breakdown("ingest | batch & retry", 5),
                        new Breakdown("pool-10-thread-*", 3),
                        new Breakdown("pool-11-thread-*", 2)))
                .evidence(List.of(
                        new Evidence("0x7ff100000", "java.lang.Thread", 120, 262_144,
                                ordered("blocker", "LinkedBlockingQueue", "waitingThreads", 200, "threadNames",
                                        List.of("worker <script>alert('x')</script>", "pool-7-thread-1"),
                                        "state", "WAITING"),
                                List.of(new PathStep("java.lang.Thread", 0x7ff100000L, PathStep.Via.NONE))),
                        new Evidence("0x7ff100400", "java.lang.Thread", 120, 262_144,
                                ordered("blocker", "LinkedBlockingQueue", "state", "WAITING", "onlyShutdownHook", false),
                                List.of())))
                .remediation("Keep a reference to the pool and call shutdown() when its owner is done with it, "
                        + "or use one shared, bounded pool.")
                .build()
                .withLocation(new CodeLocation("com.acme.ingest.Batcher", "lambda$start$0",
                        "com/acme/ingest/Batcher.java", 71));
    }

    /** Medium, with wasted bytes; owner, attributes and path carry {@code | * _ $ [ ] `}. */
    static Finding substrings() {
        return Finding.builder("retained-slice")
                .fingerprint("java.lang.String/com.acme.Index$Entry.key_name")
                .severity(Severity.MEDIUM)
                .title("3 substrings pin 12.0 MiB of char[]")
                .summary("Each key_name is a 12-char substring of a 4 MiB *document* buffer.")
                .count(3)
                .retainedBytes(12_583_200)
                .wastedBytes(12_582_876L)
                .owner("com.acme.Index$Entry.key_name | com.acme.Index.entries (static field)")
                .breakdown(List.of(new Breakdown("char[4194304]", 3)))
                .evidence(List.of(substring(0x7ff300000L, 3), substring(0x7ff310000L, 4),
                        substring(0x7ff320000L, 5)))
                .remediation("Copy the key with new String(s) before storing it, or upgrade past JDK 7u6.")
                .build();
    }

    /**
     * One of three substrings that differ only in their addresses and array slots: the document formats fold them
     * into one evidence row (×3, slot {@code [*]}).
     */
    static Evidence substring(long address, int slot) {
        return new Evidence("0x" + Long.toHexString(address), "java.lang.String", 24, 4_194_328,
                ordered("backing", "a|b & c*d_e `x` [1] \\ $y", "visibleChars", 12, "backingLength", 4_194_304,
                        "alsoHeldByLocalVariable", false),
                List.of(new PathStep("java.lang.String", address, PathStep.Via.NONE),
                        new PathStep("com.acme.Index$Entry", address + 0x100, PathStep.Via.field("key_name")),
                        new PathStep("com.acme.Index$Entry[]", 0x7ff300200L, PathStep.Via.element(slot)),
                        new PathStep("com.acme.Index", 0, PathStep.Via.staticField("entries"))));
    }

    /** Low, no summary and no evidence: only the lines that exist are printed. */
    static Finding unreachableSockets() {
        return Finding.builder("unclosed-fd")
                .fingerprint("java.net.Socket/unreachable")
                .severity(Severity.LOW)
                .title("24 unreachable sockets wait for GC to close them")
                .count(24)
                .retainedBytes(4_096)
                .owner("unreachable (waiting for GC)")
                .breakdown(List.of(new Breakdown("10.0.0.7:5432", 24)))
                .remediation("Close sockets in finally blocks instead of relying on GC.")
                .build();
    }

    /** Renders {@code report} to a string; renderers write nothing else, so this is their whole output. */
    static String render(Renderer renderer, Report report) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            renderer.render(report, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // Every JSON report and SARIF log the renderer tests make validates against its schema.
        if (renderer instanceof JsonRenderer) {
            dev.heaptriage.testing.JsonSchemas.assertValid("report", out.toString());
        } else if (renderer instanceof SarifRenderer) {
            java.util.List<String> v = dev.heaptriage.testing.SarifSchema.violations(out.toString());
            if (!v.isEmpty()) {
                throw new AssertionError("SARIF does not validate: " + v);
            }
        }
        return out.toString();
    }

    /** A map that iterates in argument order: {@code ordered(k1, v1, k2, v2, ...)}. */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
