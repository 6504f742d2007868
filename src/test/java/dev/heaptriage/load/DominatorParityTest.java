package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.FinalizerBlocked;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.scenarios.SuspectLinkedJournal;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.eclipse.mat.parser.internal.SnapshotImpl;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.util.VoidProgressListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * heaptriage's dominator tree ({@link MatPipeline}) against MAT's own on the same snapshot: every object's immediate
 * dominator and retained size (MAT's size model) identical, every object's dominated objects the same set in
 * descending retained size. Dominator trees are unique, so any difference is a bug. The dumps are the sample dump
 * and scenario dumps other tests of the run share (the JDK 17 and 25 layouts, objects kept by the finalizer, a
 * linked list deep enough to need an iterative search).
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void sameTreeAsMat(String name, Path dump) throws Exception {
        Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "parity-");
        try (LoadedDump open = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { })) {
            ISnapshot snapshot = ((MatHeapView) open.heap()).snapshot();
            int n = snapshot.getSnapshotInfo().getNumberOfObjects();
            int[] ours = new int[n];
            long[] ourRetained = new long[n];
            int[][] ourChildren = new int[n + 1][];
            for (int id = 0; id < n; id++) {
                ours[id] = snapshot.getImmediateDominatorId(id);
                ourRetained[id] = snapshot.getRetainedHeapSize(id);
                ourChildren[id + 1] = snapshot.getImmediateDominatedIds(id);
            }
            ourChildren[0] = snapshot.getImmediateDominatedIds(-1);

            ((SnapshotImpl) snapshot).calculateDominatorTree(new VoidProgressListener()); // MAT's own, replacing ours
            int[] mat = new int[n];
            int differ = 0;
            for (int id = 0; id < n; id++) {
                mat[id] = snapshot.getImmediateDominatorId(id);
                differ += mat[id] != ours[id] ? 1 : 0;
                assertEquals(snapshot.getRetainedHeapSize(id), ourRetained[id], name + ": retained size of " + id);
            }
            assertEquals(0, differ, name + ": objects whose immediate dominator differs from MAT's, of " + n);
            assertArrayEquals(mat, ours);
            assertTrue(n > 1000, name + ": " + n + " objects");
            for (int key = 0; key <= n; key++) {
                int[] theirs = snapshot.getImmediateDominatedIds(key - 1);
                int[] mine = ourChildren[key];
                for (int i = 1; i < mine.length; i++) {
                    assertTrue(ourRetained[mine[i - 1]] >= ourRetained[mine[i]], name + ": order under " + (key - 1));
                }
                int[] a = theirs.clone();
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
