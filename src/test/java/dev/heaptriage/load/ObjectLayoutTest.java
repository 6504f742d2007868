package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ObjectLayoutFacts;
import dev.heaptriage.scenarios.SizesAccounting;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sizes against the JVM's own accounting: {@link SizesAccounting} takes {@code GC.class_histogram} right before its
 * live dump, and the layout heaptriage infers from the dump must give the same bytes: per class within 1%, the used
 * heap within 2%, for each layout a JVM can be started with. For the scenario's own classes and the primitive
 * arrays only it allocates, the counts agree too, so their bytes agree exactly. The JVM also counts a few objects
 * that MAT finds unreachable (held by JVM-internal roots the dump does not list: reflection caches, some JDK strings,
 * about 0.3% of the heap) and filler arrays (dead space) the dump leaves out: that, not sizing, is what remains.
 */
class ObjectLayoutTest {

    /** Classes of the scenario whose every instance MAT keeps: their counts, and so their bytes, must agree. */
    private static final Set<String> ALL_KEPT = Set.of(SizesAccounting.Empty.class.getName(),
            SizesAccounting.OnlyLong.class.getName(), SizesAccounting.OnlyRefs.class.getName(),
            SizesAccounting.Mixed.class.getName(), SizesAccounting.Holey.class.getName(),
            SizesAccounting.Filler.class.getName(), SizesAccounting.Deeper.class.getName(),
            SizesAccounting.Link.class.getName(), "[Z", "[C", "[S", "[F",
            "[J", "[D");

    private static final List<String> FILLERS = List.of("[Ljdk.internal.vm.FillerElement;",
            "jdk.internal.vm.FillerObject");

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("17", List.of(), 12, 4, 16, 8),
                Arguments.of("17", List.of("-XX:-UseCompressedOops"), 12, 8, 16, 8),
                Arguments.of("17", List.of("-XX:-UseCompressedClassPointers"), 16, 4, 24, 8),
                Arguments.of("17", List.of("-XX:ObjectAlignmentInBytes=16"), 12, 4, 16, 16),
                Arguments.of("25", List.of(), 12, 4, 16, 8),
                Arguments.of("25", List.of("-XX:-UseCompressedOops"), 12, 8, 16, 8),
                Arguments.of("25", List.of("-XX:+UseCompactObjectHeaders"), 8, 4, 12, 8));
    }

    @ParameterizedTest(name = "JDK {0} {1}")
    @MethodSource("layouts")
    void sizesMatchTheJvmsClassHistogram(String jdk, List<String> options, int header, int reference,
                                         int arrayHeader, int alignment) throws IOException {
        Path javaHome = jdk.equals("25") ? Jdks.jdk25().orElse(null) : Jdks.current();
        Assumptions.assumeTrue(javaHome != null, "no JDK 25 on this machine ($HEAPTRIAGE_JDK25 or /usr/lib/jvm)");
        Path dump = ScenarioDumps.dump(SizesAccounting.class, javaHome, options);
        Histogram jvm = Histogram.read(Path.of(dump + ".histogram"));
        Measured mine = DetectorRuns.withHeap(dump, ObjectLayoutTest::measure);

        ObjectLayoutFacts layout = mine.layout();
        assertEquals("hotspot", layout.model(), layout::toString);
        assertEquals(List.of(header, reference, arrayHeader, alignment), List.of(layout.headerBytes(),
                layout.referenceBytes(), layout.arrayHeaderBytes(), layout.alignmentBytes()), layout::toString);
        assertTrue(layout.gapsExplained() >= 0.95, "a live dump is packed: " + layout);

        for (String name : SizesAccounting.CLASSES) {
            long[] theirs = jvm.classes().get(name);
            long[] ours = mine.classes().getOrDefault(name, new long[2]);
            String what = String.format(Locale.ROOT, "%s: %,d objects, %,d bytes; the JVM counts %,d, %,d", name,
                    ours[0], ours[1], theirs[0], theirs[1]);
            if (ALL_KEPT.contains(name)) {
                assertEquals(theirs[0], ours[0], what);
            }
            assertWithin(0.01, theirs[1], ours[1], what);
        }
        // Retained sizes add the same shallow sizes up the dominator tree, also where it is 200,000 levels deep.
        assertEquals(jvm.classes().get(SizesAccounting.Link.class.getName())[1], mine.chainRetainedBytes(),
                "the chain's head retains every link");
        // Filler arrays are dead space a GC leaves at the end of a region or buffer (JDK 21+ names their class; JDK
        // 17 uses int[]): the histogram counts them, the dump leaves them out, and they are no part of a used heap.
        long fillers = FILLERS.stream().mapToLong(f -> jvm.classes().getOrDefault(f, new long[2])[1]).sum();
        assertWithin(0.02, jvm.totalBytes() - fillers, mine.usedHeapBytes(), "used heap");
    }

    private static void assertWithin(double share, double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= share * expected, String.format(Locale.ROOT,
                "%s: %,.1f is %.2f%% off %,.1f (at most %.0f%%)", what, actual, 100 * (actual - expected) / expected,
                expected, 100 * share));
    }

    private record Measured(ObjectLayoutFacts layout, long usedHeapBytes, Map<String, long[]> classes,
                            long chainRetainedBytes) {
    }

    /** Instances and shallow bytes per class, named as the JVM's histogram names them. */
    private static Measured measure(HeapView heap) {
        Map<String, long[]> classes = new HashMap<>();
        for (HeapClass c : heap.allClasses()) {
            long bytes = 0;
            int[] ids = c.instanceIds();
            for (int id : ids) {
                bytes += heap.shallowBytes(id);
            }
            long[] row = classes.computeIfAbsent(jvmName(c.name()), k -> new long[2]);
            row[0] += ids.length;
            row[1] += bytes;
        }
        long chain = heap.classes(SizesAccounting.class.getName()).get(0).staticRef("CHAIN").retainedBytes();
        return new Measured(heap.facts().objectLayout(), heap.facts().usedHeapBytes(), classes, chain);
    }

    /** {@code byte[]} → {@code [B}, {@code java.lang.String[]} → {@code [Ljava.lang.String;}. */
    static String jvmName(String matName) {
        if (!matName.endsWith("[]")) {
            return matName;
        }
        String element = matName.substring(0, matName.length() - 2);
        String primitive = switch (element) {
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "float" -> "F";
            case "long" -> "J";
            case "double" -> "D";
            default -> null;
        };
        if (primitive != null) {
            return "[" + primitive;
        }
        String inner = jvmName(element);
        return inner.startsWith("[") ? "[" + inner : "[L" + element + ";";
    }

    /** {@code GC.class_histogram}: {@code num: #instances #bytes class name (module)} lines and a Total line. */
    record Histogram(Map<String, long[]> classes, long totalBytes) {
        private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

        static Histogram read(Path file) throws IOException {
            Map<String, long[]> classes = new HashMap<>();
            long total = -1;
            for (String line : Files.readAllLines(file)) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    long[] r = classes.computeIfAbsent(row.group(3), k -> new long[2]);
                    r[0] += Long.parseLong(row.group(1));
                    r[1] += Long.parseLong(row.group(2));
                }
                Matcher t = TOTAL.matcher(line);
                if (t.find()) {
                    total = Long.parseLong(t.group(2));
                }
            }
            assertTrue(total > 0 && !classes.isEmpty(), "a class histogram in " + file);
            return new Histogram(classes, total);
        }
    }
}
