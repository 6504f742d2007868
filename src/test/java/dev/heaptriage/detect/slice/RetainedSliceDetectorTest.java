package dev.heaptriage.detect.slice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.IdleJvm;
import dev.heaptriage.scenarios.IdleLibraries;
import dev.heaptriage.scenarios.IdleUnseenLibraries;
import dev.heaptriage.scenarios.SliceBigViewNearMiss;
import dev.heaptriage.scenarios.SliceCopiesNearMiss;
import dev.heaptriage.scenarios.SliceDirectBuffers;
import dev.heaptriage.scenarios.SliceHeapByteBuffers;
import dev.heaptriage.scenarios.SliceHeapCharBuffers;
import dev.heaptriage.scenarios.SliceLegacyStrings;
import dev.heaptriage.scenarios.SliceLibraryCopiesNearMiss;
import dev.heaptriage.scenarios.SliceLibraryViews;
import dev.heaptriage.scenarios.SliceUnseenLibraryCopies;
import dev.heaptriage.scenarios.SliceUnseenLibraryViews;
import dev.heaptriage.scenarios.SliceParentHeldNearMiss;
import dev.heaptriage.scenarios.SliceSubListCache;
import dev.heaptriage.scenarios.SliceUnmodifiableSubLists;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code retained-slice} on real dumps of the {@code Slice*} scenarios, made by the running JDK (17) and by JDK 25
 * (skipped only when the machine has no JDK 25). Each leak scenario must be reported with the planted number of
 * backing stores and wasted bytes within 5% of what it planted; each near-miss and an idle JVM must be silent.
 */
class RetainedSliceDetectorTest {
    private static final RetainedSliceDetector DETECTOR = new RetainedSliceDetector();
    private static final String S = "dev.heaptriage.scenarios.";

    static Path jdk(String which) {
        if (which.equals("17")) {
            return Jdks.current();
        }
        Path home = Jdks.jdk25().orElse(null);
        Assumptions.assumeTrue(home != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        return home;
    }

    private static Finding onlyFinding(Class<?> scenario, String jdk) {
        List<Finding> findings = DetectorRuns.findings(DETECTOR, scenario, jdk(jdk));
        assertEquals(1, findings.size(), () -> scenario.getSimpleName() + " on " + jdk + ": " + findings);
        return findings.get(0);
    }

    private static void assertWithin5Percent(long expected, long actual, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.05,
                what + ": expected about " + expected + " (±5%) but was " + actual);
    }

    private static long sum(Finding f, String attribute) {
        return f.evidence().stream().mapToLong(e -> ((Number) e.attributes().get(attribute)).longValue()).sum();
    }

    private static void assertPlausible(Finding f, String fingerprint) {
        assertEquals("retained-slice/" + fingerprint, f.fingerprint());
        assertTrue(f.severity().atLeast(Severity.LOW), f.severity()::toString);
        assertFalse(f.evidence().isEmpty());
        for (Evidence e : f.evidence()) {
            assertFalse(e.pathToGcRoot().isEmpty(), "evidence has a path to a GC root");
        }
        assertTrue(f.owner().shown() != null && !f.owner().shown().isBlank(), "finding names an owner");
    }

    private static Finding finding(List<Finding> findings, String fingerprint) {
        List<Finding> matching = findings.stream().filter(f -> f.fingerprint().equals(fingerprint)).toList();
        assertEquals(1, matching.size(), () -> fingerprint + " among " + findings.stream().map(Finding::fingerprint)
                .toList());
        return matching.get(0);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void viewsLibrariesAndApplicationsDefineAreFoundByStructure(String jdk) {
        List<Finding> findings = DetectorRuns.findings(DETECTOR, SliceLibraryViews.class, jdk(jdk));
        String views = "view/dev.heaptriage.scenarios.SliceLibraryViews/";
        int n = SliceLibraryViews.STORES;

        Finding netty = finding(findings, "retained-slice/" + views + "io.netty.buffer.UnpooledSlicedByteBuf");
        assertPlausible(netty, views + "io.netty.buffer.UnpooledSlicedByteBuf");
        assertEquals(n, netty.count());
        assertEquals(n * (SliceRule.arrayBytes(SliceLibraryViews.BUFFER_BYTES, 1) - SliceLibraryViews.SLICE_BYTES),
                netty.wastedBytes(), "each 1 MiB array minus the 1 KiB its slice sees");
        assertTrue(netty.owner().shown().contains("SliceLibraryViews.NETTY_SLICES"), netty.owner().shown());
        assertTrue(netty.title().shown().startsWith(n + " Netty ByteBuf slices keep " + n + " large arrays alive"),
                netty.title().shown());
        assertTrue(netty.remediation().contains("copy(") && netty.remediation().contains("release()"),
                netty.remediation());

        String window = "dev.heaptriage.scenarios.SliceLibraryViews$Window";
        Finding windows = finding(findings, "retained-slice/" + views + window);
        assertEquals(n, windows.count());
        assertEquals(n * (SliceRule.arrayBytes(SliceLibraryViews.BUFFER_BYTES, 1) - SliceLibraryViews.WINDOW_BYTES),
                windows.wastedBytes());
        assertTrue(windows.owner().shown().contains("SliceLibraryViews.WINDOWS"), windows.owner().shown());
        assertTrue(windows.remediation().contains("Arrays.copyOfRange"), windows.remediation());

        // A second naming (start/end over a char[]) that the rule was not written for.
        String range = "dev.heaptriage.scenarios.SliceLibraryViews$TextRange";
        Finding ranges = finding(findings, "retained-slice/" + views + range);
        assertEquals(n, ranges.count());
        assertEquals(n * (SliceRule.arrayBytes(SliceLibraryViews.TEXT_CHARS, 2) - 2L * SliceLibraryViews.RANGE_CHARS),
                ranges.wastedBytes());

        Finding guava = finding(findings, "retained-slice/sublist/dev.heaptriage.scenarios.SliceLibraryViews");
        assertEquals(1, guava.count(), "Guava's ImmutableList.subList keeps its whole list");
        assertTrue(guava.owner().shown().contains("SliceLibraryViews.GUAVA_SUBLISTS"), guava.owner().shown());
        assertEquals("com.google.common.collect.ImmutableList$SubList", guava.evidence().get(0).className());

        // Retained slices of pooled buffers are windows into chunks the pools hold: not views that waste memory.
        assertEquals(4, findings.size(), () -> findings.stream().map(Finding::fingerprint).toList().toString());
        for (Finding f : findings) {
            assertFalse(f.owner().shown().contains("POOLED_SLICES"), f.owner().shown());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void viewsOfLibrariesNoReaderNamesAreFoundByStructure(String jdk) {
        List<Finding> findings = DetectorRuns.findings(DETECTOR, SliceUnseenLibraryViews.class, jdk(jdk));
        String views = "view/dev.heaptriage.scenarios.SliceUnseenLibraryViews/";
        int n = SliceUnseenLibraryViews.STORES;
        long array = SliceRule.arrayBytes(SliceUnseenLibraryViews.BUFFER_BYTES, 1);

        // protobuf: ByteString.substring is a BoundedByteString (bytes, bytesOffset, bytesLength).
        String bounded = "com.google.protobuf.ByteString$BoundedByteString";
        Finding protobuf = finding(findings, "retained-slice/" + views + bounded);
        assertPlausible(protobuf, views + bounded);
        assertEquals(n, protobuf.count());
        assertEquals(n * (array - SliceUnseenLibraryViews.PAYLOAD_BYTES), protobuf.wastedBytes());
        assertEquals(S + "SliceUnseenLibraryViews.PAYLOADS (static field)", protobuf.owner().shown());
        assertEquals((long) SliceUnseenLibraryViews.PAYLOAD_BYTES,
                ((Number) protobuf.evidence().get(0).attributes().get("viewBytes")).longValue());

        // Agrona: an UnsafeBuffer over an array holds a raw addressOffset (the array's base plus the start).
        String unsafe = "org.agrona.concurrent.UnsafeBuffer";
        Finding agrona = finding(findings, "retained-slice/" + views + unsafe);
        assertEquals(n, agrona.count());
        assertEquals(n * (array - SliceUnseenLibraryViews.FRAME_BYTES), agrona.wastedBytes());
        assertEquals(S + "SliceUnseenLibraryViews.FRAMES (static field)", agrona.owner().shown());

        // ... and over an allocateDirect block, an address inside the block's range: off-heap bytes.
        Finding direct = finding(findings, "retained-slice/direct-buffer/dev.heaptriage.scenarios."
                + "SliceUnseenLibraryViews");
        assertEquals(n, direct.count());
        assertEquals(null, direct.wastedBytes(), "off-heap waste is not heap waste");
        assertEquals((long) n * (SliceUnseenLibraryViews.BUFFER_BYTES - SliceUnseenLibraryViews.FRAME_BYTES),
                sum(direct, "offHeapWastedBytes"));
        assertEquals(unsafe, direct.evidence().get(0).className());
        assertEquals(S + "SliceUnseenLibraryViews.DIRECT_FRAMES (static field)", direct.owner().shown());

        // fastutil: ByteArrayList.subList over a list of primitives.
        Finding fastutil = finding(findings, "retained-slice/sublist/dev.heaptriage.scenarios.SliceUnseenLibraryViews");
        assertEquals(n, fastutil.count());
        assertEquals("it.unimi.dsi.fastutil.bytes.ByteArrayList$SubList", fastutil.evidence().get(0).className());
        assertEquals(S + "SliceUnseenLibraryViews.SAMPLES (static field)", fastutil.owner().shown());
        assertWithin5Percent(n * (array - SliceUnseenLibraryViews.SAMPLE_BYTES), fastutil.wastedBytes(),
                "each 1 MiB list minus the 1,000 bytes its sub-list sees");
        assertEquals((long) SliceUnseenLibraryViews.SAMPLE_BYTES, sum(fastutil, "visibleBytes") / n);

        // Lucene: a BytesRef (bytes, offset, length) into a block.
        String bytesRef = "org.apache.lucene.util.BytesRef";
        Finding lucene = finding(findings, "retained-slice/" + views + bytesRef);
        assertEquals(n, lucene.count());
        assertEquals(n * (array - SliceUnseenLibraryViews.TERM_BYTES), lucene.wastedBytes());
        assertEquals(S + "SliceUnseenLibraryViews.TERMS (static field)", lucene.owner().shown());

        // Eclipse Collections: FastList.subList, whose lists extend no JDK class.
        Finding ec = finding(findings, "retained-slice/sublist/dev.heaptriage.scenarios.SliceUnseenLibraryViews$EventLog");
        assertEquals(n, ec.count());
        assertEquals("org.eclipse.collections.impl.list.mutable.AbstractMutableList$SubList",
                ec.evidence().get(0).className());
        assertEquals(S + "SliceUnseenLibraryViews$EventLog.recent (field)", ec.owner().shown());
        assertEquals((long) SliceUnseenLibraryViews.RECENT_SIZE, sum(ec, "visibleElements") / n);

        // Parquet: a Binary that is a slice of a column page (value, offset, length).
        String slice = "org.apache.parquet.io.api.Binary$ByteArraySliceBackedBinary";
        Finding parquet = finding(findings, "retained-slice/" + views + slice);
        assertEquals(n, parquet.count());
        assertEquals(n * (array - SliceUnseenLibraryViews.KEY_BYTES), parquet.wastedBytes());
        assertEquals(S + "SliceUnseenLibraryViews.KEYS (static field)", parquet.owner().shown());
        assertEquals(7, findings.size(), () -> findings.stream().map(Finding::fingerprint).toList().toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void copiesOfLibraryViewsAndIdleLibrariesAreSilent(String jdk) {
        for (Class<?> scenario : List.of(SliceLibraryCopiesNearMiss.class, SliceUnseenLibraryCopies.class,
                IdleLibraries.class, IdleUnseenLibraries.class)) {
            List<Finding> loud = DetectorRuns.findings(DETECTOR, scenario, jdk(jdk)).stream()
                    .filter(f -> f.severity().atLeast(Severity.LOW)).toList();
            assertEquals(List.of(), loud, scenario.getSimpleName() + " on JDK " + jdk);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void heapByteBufferSlicesAreReportedOncePerArray(String jdk) {
        Finding f = onlyFinding(SliceHeapByteBuffers.class, jdk);
        assertPlausible(f, "heap-buffer/dev.heaptriage.scenarios.SliceHeapByteBuffers");
        assertEquals(SliceHeapByteBuffers.STORES, f.count());
        long planted = 0;
        for (int visible : SliceHeapByteBuffers.VISIBLE_BYTES) {
            planted += SliceRule.arrayBytes(SliceHeapByteBuffers.BACKING_BYTES, 1) - visible;
        }
        assertWithin5Percent(planted, f.wastedBytes(), "wasted bytes");
        assertEquals(SliceHeapByteBuffers.VIEWS, sum(f, "views"), "views the application holds");
        assertTrue(f.owner().shown().contains("SliceHeapByteBuffers.KEPT"), f.owner().shown());
        assertEquals(Severity.HIGH, f.severity(), "4 MiB wasted is most of a scenario heap");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void charStringAndLongBufferSlicesAreReported(String jdk) {
        Finding f = onlyFinding(SliceHeapCharBuffers.class, jdk);
        assertPlausible(f, "heap-buffer/dev.heaptriage.scenarios.SliceHeapCharBuffers");
        assertEquals(SliceHeapCharBuffers.STORES, f.count());
        long planted = 0;
        for (int i = 0; i < SliceHeapCharBuffers.STORES; i++) {
            planted += SliceHeapCharBuffers.BACKING_BYTES[i] - SliceHeapCharBuffers.VISIBLE_BYTES[i];
        }
        assertWithin5Percent(planted, f.wastedBytes(), "wasted bytes");
        List<String> classes = f.evidence().stream().map(Evidence::className).sorted().toList();
        assertEquals(List.of("java.nio.HeapCharBuffer", "java.nio.HeapCharBufferR", "java.nio.HeapLongBuffer",
                "java.nio.StringCharBuffer"), classes);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void directSlicesReportOffHeapBytesApartFromHeapBytes(String jdk) {
        Finding f = onlyFinding(SliceDirectBuffers.class, jdk);
        assertPlausible(f, "direct-buffer/dev.heaptriage.scenarios.SliceDirectBuffers");
        assertEquals(SliceDirectBuffers.STORES, f.count());
        assertNull(f.wastedBytes(), "off-heap waste is not heap waste");
        long planted = (long) SliceDirectBuffers.STORES * SliceDirectBuffers.BLOCK_BYTES
                - SliceDirectBuffers.VISIBLE_BYTES;
        assertWithin5Percent(planted, sum(f, "offHeapWastedBytes"), "off-heap wasted bytes");
        assertEquals(5, sum(f, "views"), "slice, two slices + duplicate, asLongBuffer view");
        assertTrue(f.summary().shown().contains("off-heap"), f.summary().shown());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void subListsInACacheAreReportedPerRootList(String jdk) {
        Finding f = onlyFinding(SliceSubListCache.class, jdk);
        assertPlausible(f, "sublist/dev.heaptriage.scenarios.SliceSubListCache");
        assertEquals(SliceSubListCache.STORES, f.count());
        long planted = 0;
        for (int i = 0; i < SliceSubListCache.STORES; i++) {
            planted += (long) (SliceSubListCache.ELEMENTS - SliceSubListCache.VISIBLE[i])
                    * (SliceSubListCache.ELEMENT_BYTES + SliceSubListCache.PER_ELEMENT_OVERHEAD[i]);
        }
        assertWithin5Percent(planted, f.wastedBytes(), "wasted bytes");
        assertTrue(f.owner().shown().contains("SliceSubListCache.CACHE"), f.owner().shown());
        assertEquals(1, f.evidence().stream().filter(e -> e.attributes().containsKey("alsoHeldByLocalVariable"))
                .count(), "the root list main still holds in a local");
        List<String> classes = f.evidence().stream().map(Evidence::className).distinct().sorted().toList();
        assertEquals(List.of("java.util.AbstractList$SubList", "java.util.ArrayList$SubList",
                "java.util.ImmutableCollections$SubList"), classes);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void subListsBehindUnmodifiableAndSynchronizedWrappersAreReported(String jdk) {
        Finding f = onlyFinding(SliceUnmodifiableSubLists.class, jdk);
        assertPlausible(f, "sublist/dev.heaptriage.scenarios.SliceUnmodifiableSubLists");
        assertEquals(SliceUnmodifiableSubLists.STORES, f.count());
        long planted = (long) SliceUnmodifiableSubLists.STORES
                * (SliceSubListCache.ELEMENTS - SliceUnmodifiableSubLists.VISIBLE)
                * (SliceSubListCache.ELEMENT_BYTES + SliceSubListCache.SLOT_BYTES);
        assertWithin5Percent(planted, f.wastedBytes(), "wasted bytes");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void legacyOffsetCountSubstringsAreReportedOncePerCharArray(String jdk) {
        List<Finding> findings = DetectorRuns.withHeap(SliceLegacyStrings.class, jdk(jdk),
                heap -> new RetainedSliceDetector(SliceLegacyStrings.Jdk6String.class.getName()).detect(heap, dev.heaptriage.detect.AppCode.infer(heap)));
        assertEquals(1, findings.size(), findings::toString);
        Finding f = findings.get(0);
        assertPlausible(f, "substring/dev.heaptriage.scenarios.SliceLegacyStrings");
        assertEquals(SliceLegacyStrings.STORES, f.count());
        long planted = SliceLegacyStrings.STORES * SliceRule.arrayBytes(SliceLegacyStrings.TEXT_CHARS, 2)
                - SliceLegacyStrings.VISIBLE_BYTES;
        assertWithin5Percent(planted, f.wastedBytes(), "wasted bytes");
        assertEquals(4, sum(f, "views"), "three substrings of one text, one of another");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void modernStringsNeverLookLikeLegacySubstrings(String jdk) {
        // The same heap with the real String class: 7u6+ Strings have no offset/count, so no substring finding. The
        // look-alike is an application class with value/offset/count over a char[]: the structural rule finds it as
        // a view of its own (a shape it was not written for), with the same waste as the substring rule.
        List<Finding> findings = DetectorRuns.findings(DETECTOR, SliceLegacyStrings.class, jdk(jdk));
        assertTrue(findings.stream().noneMatch(f -> f.fingerprint().contains("/substring/")), findings::toString);
        Finding f = onlyFinding(SliceLegacyStrings.class, jdk);
        assertEquals("retained-slice/view/dev.heaptriage.scenarios.SliceLegacyStrings/"
                + "dev.heaptriage.scenarios.SliceLegacyStrings$Jdk6String", f.fingerprint());
        assertEquals(SliceLegacyStrings.STORES, f.count());
        long planted = SliceLegacyStrings.STORES * SliceRule.arrayBytes(SliceLegacyStrings.TEXT_CHARS, 2)
                - SliceLegacyStrings.VISIBLE_BYTES;
        assertWithin5Percent(planted, f.wastedBytes(), "wasted bytes");
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of("17", "25").flatMap(jdk -> Stream.of(SliceCopiesNearMiss.class,
                SliceParentHeldNearMiss.class, SliceBigViewNearMiss.class, IdleJvm.class)
                .map(scenario -> Arguments.of(jdk, scenario)));
    }

    @ParameterizedTest(name = "JDK {0}: {1}")
    @MethodSource("nearMisses")
    void nearMissesAreSilent(String jdk, Class<?> scenario) {
        List<Finding> loud = DetectorRuns.findings(DETECTOR, scenario, jdk(jdk)).stream()
                .filter(f -> f.severity().atLeast(Severity.LOW)).toList();
        assertEquals(List.of(), loud, scenario.getSimpleName() + " on JDK " + jdk);
    }

    @Test
    void isRegisteredAndDescribesItsRule() {
        assertTrue(Detectors.ids().contains("retained-slice"));
        DetectorInfo info = DETECTOR.info();
        assertTrue(info.description().contains("64 KiB") && info.description().contains("eighth"),
                info::description);
    }
}
