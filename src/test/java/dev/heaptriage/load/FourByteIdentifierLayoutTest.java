package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ObjectLayoutFacts;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.FourByteIds;
import dev.heaptriage.testing.ScenarioDumps;
import dev.heaptriage.testing.SyntheticHprof;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps with 4-byte identifiers get their object layout from the addresses, as dumps with 8-byte ones do (issue 24,
 * item 4), and the report's {@code objectLayout}, its warning and the sizes agree. No 32-bit JVM runs here, so the
 * dumps are written by {@link SyntheticHprof} with the addresses such a JVM gives, or rewritten from a real dump by
 * {@link FourByteIds}; each test says what its dump stands for.
 */
class FourByteIdentifierLayoutTest {
    private static final int EACH = 1_000;

    @TempDir
    Path dir;

    private record Seen(ObjectLayoutFacts layout, List<String> warnings, Map<String, Long> bytes, long usedHeap,
                        Map<String, Long> byClass) {
    }

    /** Opens the dump: its layout, warnings, the shallow bytes of the first object of each class, and per class. */
    private Seen load(Path dump) throws Exception {
        try (LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, dir.resolve("index")),
                s -> { })) {
            HeapView heap = loaded.heap();
            Map<String, Long> first = new TreeMap<>();
            Map<String, Long> total = new TreeMap<>();
            Map<Integer, Long> shallow = heap.shallowBytesByClass();
            for (HeapClass c : heap.allClasses()) {
                if (c.instanceCount() > 0) {
                    first.put(c.name(), heap.shallowBytes(c.instanceIds()[0]));
                }
                total.put(c.name(), shallow.getOrDefault(c.id(), 0L));
            }
            return new Seen(heap.facts().objectLayout(), loaded.warnings(), first, heap.facts().usedHeapBytes(), total);
        }
    }

    /**
     * A 32-bit HotSpot JVM (JDK 8 on x86): 4-byte identifiers that are addresses, 8-byte headers, 4-byte references,
     * array elements right after the 4-byte length (a {@code long[]}'s at 16), 8-byte alignment. Objects sit one
     * after another as its heap has them: {@code String {char[] value; int hash}} 16 bytes, {@code char[5]} 24,
     * {@code Holder {long stamp; int count; Object next}} 24, {@code long[3]} 40.
     */
    @Test
    void thirtyTwoBitJvmIsInferredFromItsAddresses() throws Exception {
        SyntheticHprof h = SyntheticHprof.withIdentifiers(4);
        h.klass("java.lang.String", "java.lang.Object", "value", SyntheticHprof.OBJECT, "hash", SyntheticHprof.INT);
        h.klass("synthetic.Holder", "java.lang.Object", "stamp", SyntheticHprof.LONG, "count", SyntheticHprof.INT,
                "next", SyntheticHprof.OBJECT);
        long at = 0x24000000L;
        for (int i = 0; i < EACH; i++) {
            h.instance("java.lang.String", at);
            h.primitiveArray(SyntheticHprof.CHAR, at + 16, 5);
            h.instance("synthetic.Holder", at + 40);
            h.primitiveArray(SyntheticHprof.LONG, at + 64, 3);
            at += 104;
        }
        Seen seen = load(h.write(dir.resolve("jdk8-x86.hprof")));
        assertEquals("hotspot", seen.layout().model(), seen.layout()::toString);
        assertEquals("32-bit HotSpot", seen.layout().description());
        assertEquals(List.of(8, 12, 4, 8), List.of(seen.layout().headerBytes(), seen.layout().arrayHeaderBytes(),
                seen.layout().referenceBytes(), seen.layout().alignmentBytes()));
        assertEquals(List.of(), seen.warnings());
        assertEquals(16, seen.bytes().get("java.lang.String"));
        assertEquals(24, seen.bytes().get("synthetic.Holder"));
        assertEquals(24, seen.bytes().get("char[]"));
        assertEquals(40, seen.bytes().get("long[]"));
        assertEquals(EACH * 104L, seen.usedHeap() - mirrors(seen), "every object at its 32-bit size");
    }

    /**
     * A 64-bit JDK 6 JVM without compressed oops whose dump the JVMTI hprof agent wrote with 4-byte identifiers:
     * 16-byte headers, 8-byte references, classic field order, arrays' elements at 24. Its JDK 6
     * {@code String {char[] value; int offset, count, hash}} is 40 bytes there, not the 24 of a 32-bit JVM.
     */
    @Test
    void sixtyFourBitJvmWithFourByteIdentifiersIsNotSizedAsThirtyTwoBit() throws Exception {
        SyntheticHprof h = SyntheticHprof.withIdentifiers(4);
        h.klass("java.lang.String", "java.lang.Object", "value", SyntheticHprof.OBJECT, "offset", SyntheticHprof.INT,
                "count", SyntheticHprof.INT, "hash", SyntheticHprof.INT);
        long at = 0xE0000000L;
        for (int i = 0; i < EACH; i++) {
            h.instance("java.lang.String", at);
            h.primitiveArray(SyntheticHprof.CHAR, at + 40, 7); // 24 + 14, rounded to 40
            at += 80;
        }
        Seen seen = load(h.write(dir.resolve("jdk6-agent.hprof")));
        assertEquals("64-bit HotSpot, uncompressed oops, uncompressed class pointers", seen.layout().description());
        assertEquals(List.of(16, 24, 8), List.of(seen.layout().headerBytes(), seen.layout().arrayHeaderBytes(),
                seen.layout().referenceBytes()));
        assertEquals(40, seen.bytes().get("java.lang.String"));
        assertEquals(40, seen.bytes().get("char[]"));
        assertEquals(List.of(), seen.warnings(), "no warning calls it a 32-bit JVM");
    }

    /**
     * A real JDK 17 dump (64-bit, compressed oops) with its identifiers rewritten to 4 bytes, as a 64-bit JVM's dump
     * with 4-byte identifiers looks: the same layout, the same bytes for every class and the same used heap as the
     * dump it was made from.
     */
    @Test
    void realDumpRewrittenToFourByteIdentifiersKeepsItsSizes() throws Exception {
        Path original = ScenarioDumps.dump(KnownHeap.class);
        Seen eight = load(original);
        Seen four = load(FourByteIds.rewrite(original, dir.resolve("known-4.hprof")));
        assertEquals(eight.layout(), four.layout());
        assertEquals("64-bit HotSpot, compressed oops, compressed class pointers", four.layout().description());
        assertEquals(eight.usedHeap(), four.usedHeap());
        assertEquals(eight.byClass(), four.byClass());
        assertEquals(List.of(), four.warnings());
    }

    /**
     * 4-byte identifiers whose addresses bear no layout out (gaps of 104 to 120 bytes between 16-byte objects):
     * sizes stay in MAT's model for 4-byte identifiers, and {@code objectLayout} says so with the header and
     * reference sizes those sizes have; the warning says what MAT's model is without calling the JVM 32-bit.
     */
    @Test
    void unexplainedAddressesKeepMatsModelAndSayWhichOne() throws Exception {
        SyntheticHprof h = SyntheticHprof.withIdentifiers(4);
        h.klass("synthetic.Node", "java.lang.Object", "value", SyntheticHprof.INT, "next", SyntheticHprof.OBJECT);
        long at = 0x100000;
        for (int i = 0; i < 3 * EACH; i++) {
            h.instance("synthetic.Node", at);
            at += 104 + 8 * (i % 3);
        }
        Seen seen = load(h.write(dir.resolve("odd.hprof")));
        assertEquals("mat", seen.layout().model());
        assertEquals(List.of(8, 12, 4), List.of(seen.layout().headerBytes(), seen.layout().arrayHeaderBytes(),
                seen.layout().referenceBytes()));
        assertEquals(16, seen.bytes().get("synthetic.Node"), "MAT's 8-byte header, an int and a 4-byte reference");
        assertEquals(1, seen.warnings().size(), seen.warnings()::toString);
        String w = seen.warnings().get(0);
        assertTrue(w.contains("8-byte headers") && w.contains("4-byte references"), w);
        assertFalse(w.contains("(a 32-bit JVM)") || w.contains("16-byte headers"), w);
    }

    /** The bytes of the class mirrors in the used heap (four classes of the synthetic dump, 256 bytes apart). */
    private static long mirrors(Seen seen) {
        return seen.byClass().getOrDefault("java.lang.Class", 0L);
    }
}
