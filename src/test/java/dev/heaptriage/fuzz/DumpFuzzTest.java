package dev.heaptriage.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.FourByteIds;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred damaged dumps (issue 24, item 3), made by {@link DumpMutator} from a small scenario dump, the same dump
 * with 4-byte identifiers and (fewer, it is larger) the sample dump, each run through the command line in this JVM:
 * every case must end as README "Exit codes" says ({@link DumpFuzz#problem}), within a minute. {@code src/fuzz/fuzz.sh}
 * runs a thousand. A failing case is named with its number and seed, and {@code DumpFuzz} makes it again from them.
 */
class DumpFuzzTest {
    /** The seed of this test's cases; {@code -Dheaptriage.fuzz.seed=N} runs others. */
    private static final long SEED = Long.getLong("heaptriage.fuzz.seed", 24);
    private static final int SMALL_CASES = Integer.getInteger("heaptriage.fuzz.cases", 240);
    /** The sample dump is 15 times larger (190,000 objects): a few cases of it, to fuzz a dump of another program. */
    private static final int SAMPLE_CASES = SMALL_CASES / 24;

    @TempDir
    Path work;

    @Test
    void everyDamagedDumpEndsAsDocumented() throws Exception {
        Path known = ScenarioDumps.dump(KnownHeap.class);
        Path known4 = FourByteIds.rewrite(known, work.resolve("known-4.hprof"));
        Path sample = work.resolve("leaky-service.hprof");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("sample-dumps/leaky-service.hprof.gz")))) {
            Files.copy(in, sample);
        }
        Path cases = scratch();
        try {
            List<DumpFuzz.Case> all = new ArrayList<>(DumpFuzz.run(List.of(known, known4), SMALL_CASES, SEED,
                    cases.resolve("small"), 60_000, null));
            all.addAll(DumpFuzz.run(List.of(sample), SAMPLE_CASES, SEED, cases.resolve("sample"), 60_000, null));
            String summary = DumpFuzz.summary(all);
            System.out.println(summary);
            List<DumpFuzz.Case> broken = all.stream().filter(c -> c.problem() != null).toList();
            assertEquals(List.of(), broken, "seed " + SEED + ":\n" + summary);
            assertEquals(SMALL_CASES + SAMPLE_CASES, all.size());
            Set<Integer> exits = new TreeSet<>();
            all.forEach(c -> exits.add(c.exit()));
            assertTrue(exits.contains(0) && exits.contains(3), "both analysed and refused dumps: " + summary);
            Set<String> kinds = new TreeSet<>();
            all.forEach(c -> kinds.add(c.kind()));
            assertEquals(new TreeSet<>(DumpMutator.KINDS), kinds, "every kind of damage was made");
        } finally {
            DumpFuzz.deleteTree(cases);
        }
    }

    /** A folder for the cases: in memory (/dev/shm) where there is one, so the cases cost no disk syncs. */
    private Path scratch() throws Exception {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "heaptriage-fuzz-");
        }
        return Files.createDirectory(work.resolve("cases"));
    }
}
