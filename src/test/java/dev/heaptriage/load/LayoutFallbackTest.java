package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ObjectLayoutFacts;
import dev.heaptriage.testing.SyntheticHprof;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the addresses bear no HotSpot layout out (a non-HotSpot VM, a dump rewritten by a tool), sizes stay in MAT's
 * model and the report says so; when they do, even a heap of one class is sized by the inferred layout.
 */
class LayoutFallbackTest {
    private static final int NODES = 3_000;

    @TempDir
    Path dir;

    private record Seen(ObjectLayoutFacts layout, List<String> warnings, long nodeBytes, long usedHeapBytes) {
    }

    private Seen load(Path dump) throws Exception {
        try (LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, dir.resolve("index")),
                s -> { })) {
            HeapView heap = loaded.heap();
            HeapClass node = heap.classes("synthetic.Node").get(0);
            assertEquals(NODES, node.instanceCount());
            return new Seen(heap.facts().objectLayout(), loaded.warnings(), heap.shallowBytes(node.instanceIds()[0]),
                    heap.facts().usedHeapBytes());
        }
    }

    @Test
    void gapsNoLayoutExplainsKeepMatsModelWithAWarning() throws Exception {
        Seen seen = load(SyntheticHprof.write(dir.resolve("odd.hprof"), NODES, 104, 112, 120));
        assertEquals("mat", seen.layout().model(), seen.layout()::toString);
        assertTrue(seen.layout().gapsExplained() < LayoutInference.MIN_SHARE, seen.layout()::toString);
        assertEquals(1, seen.warnings().size(), seen.warnings()::toString);
        assertTrue(seen.warnings().get(0).startsWith("sizes follow MAT's object model")
                && seen.warnings().get(0).contains("no HotSpot object layout explains most gaps"),
                seen.warnings()::toString);
        // MAT: 16-byte header + int + 8-byte reference, each class level rounded to 8.
        assertEquals(32, seen.nodeBytes());
        assertEquals(NODES * 32L + 16, seen.usedHeapBytes(),
                "MAT's own total: classes without statics count 0, and its placeholder class loader 16 bytes");
    }

    @Test
    void packedGapsAreInferred() throws Exception {
        Seen seen = load(SyntheticHprof.write(dir.resolve("packed.hprof"), NODES, 24));
        assertEquals("hotspot", seen.layout().model(), seen.layout()::toString);
        assertTrue(seen.layout().gapsExplained() > 0.99, seen.layout()::toString);
        assertEquals(List.of(), seen.warnings());
        assertEquals(24, seen.nodeBytes(), "12-byte header, int, 4-byte reference");
        assertEquals(NODES * 24L + 4 * 256, seen.usedHeapBytes(), "the nodes and four class mirrors (no statics, "
                + "256 bytes apart); MAT's placeholder class loader is not in the heap");
    }
}
