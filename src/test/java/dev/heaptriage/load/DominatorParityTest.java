package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.FinalizerBlocked;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.scenarios.SuspectLinkedJournal;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.eclipse.mat.parser.internal.SnapshotFactory;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.util.VoidProgressListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * heaptriage's engine ({@link MatPipeline}: MAT's passes with {@link MatIndexBuilder}'s address lookups, heaptriage's
 * dominator tree) against stock MAT ({@code SnapshotFactory.openSnapshot}, its own index builder and dominator tree)
 * on the same dump: every object's address, class, outbound references, immediate dominator and retained size (MAT's
 * size model) identical, every object's dominated objects the same set, ours in descending retained size. Dominator
 * trees are unique, so any difference is a bug. The dumps are the sample dump and scenario dumps other tests of the
 * run share (the JDK 17 and 25 layouts, objects kept by the finalizer, a linked list deep enough to need an
 * iterative search).
 */
class DominatorParityTest {

    static Stream<Arguments> dumps() {
        Stream.Builder<Arguments> all = Stream.builder();
        all.add(Arguments.of("sample", Path.of("sample-dumps/leaky-service.hprof.gz").toAbsolutePath()));
        all.add(Arguments.of("KnownHeap, JDK 17", ScenarioDumps.dump(KnownHeap.class, Jdks.current())));
        Jdks.jdk25().ifPresent(jdk -> all.add(Arguments.of("KnownHeap, JDK 25", ScenarioDumps.dump(KnownHeap.class,
                jdk))));
        all.add(Arguments.of("FinalizerBlocked", ScenarioDumps.dump(FinalizerBlocked.class)));
        all.add(Arguments.of("SuspectLinkedJournal", ScenarioDumps.dump(SuspectLinkedJournal.class)));
        return all.build();
    }

    /** What one engine made of a dump. */
    private record Indexes(long[] address, int[] classOf, int[][] outbound, int[] idom, long[] retained,
                           int[][] children) {
        static Indexes of(ISnapshot snapshot) throws Exception {
            int n = snapshot.getSnapshotInfo().getNumberOfObjects();
            Indexes x = new Indexes(new long[n], new int[n], new int[n][], new int[n], new long[n], new int[n + 1][]);
            for (int id = 0; id < n; id++) {
                x.address[id] = snapshot.mapIdToAddress(id);
                x.classOf[id] = snapshot.getClassOf(id).getObjectId();
                x.outbound[id] = snapshot.getOutboundReferentIds(id);
                x.idom[id] = snapshot.getImmediateDominatorId(id);
                x.retained[id] = snapshot.getRetainedHeapSize(id);
                x.children[id + 1] = snapshot.getImmediateDominatedIds(id);
            }
            x.children[0] = snapshot.getImmediateDominatedIds(-1);
            return x;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void sameIndexesAndTreeAsMat(String name, Path dump) throws Exception {
        Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "parity-");
        try {
            Indexes ours;
            try (LoadedDump open = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { })) {
                ours = Indexes.of(((MatHeapView) open.heap()).snapshot());
            }
            Path plain = index.resolve("stock.hprof");
            if (dump.toString().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(dump))) {
                    Files.copy(in, plain);
                }
            } else {
                Files.createSymbolicLink(plain, dump);
            }
            ISnapshot stock = new SnapshotFactory().openSnapshot(plain.toFile(), new HashMap<>(),
                    new VoidProgressListener());
            Indexes mat;
            try {
                mat = Indexes.of(stock);
            } finally {
                stock.dispose();
            }
            int n = mat.idom().length;
            assertTrue(n > 1000, name + ": " + n + " objects");
            assertEquals(n, ours.idom().length, name + ": objects");
            assertArrayEquals(mat.address(), ours.address(), name + ": addresses");
            assertArrayEquals(mat.classOf(), ours.classOf(), name + ": classes");
            int differ = 0;
            for (int id = 0; id < n; id++) {
                assertArrayEquals(mat.outbound()[id], ours.outbound()[id], name + ": outbound of " + id);
                differ += mat.idom()[id] != ours.idom()[id] ? 1 : 0;
            }
            assertEquals(0, differ, name + ": objects whose immediate dominator differs from MAT's, of " + n);
            assertArrayEquals(mat.retained(), ours.retained(), name + ": retained sizes");
            for (int key = 0; key <= n; key++) {
                int[] mine = ours.children()[key];
                for (int i = 1; i < mine.length; i++) {
                    assertTrue(ours.retained()[mine[i - 1]] >= ours.retained()[mine[i]], name + ": order under "
                            + (key - 1));
                }
                int[] a = mat.children()[key].clone();
                int[] b = mine.clone();
                Arrays.sort(a);
                Arrays.sort(b);
                assertArrayEquals(a, b, name + ": objects dominated by " + (key - 1));
            }
        } finally {
            ScenarioDumps.deleteTree(index);
        }
    }
}
