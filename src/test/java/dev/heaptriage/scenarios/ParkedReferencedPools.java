package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Near-miss of {@link ParkedLeakedPools}: the same fixed and scheduled pools with the same idle workers, but the
 * application still holds every pool in {@link #POOLS}, so it can submit work or shut them down. One more pool is
 * dropped without {@code shutdown()}: a {@code newSingleThreadExecutor()}, whose wrapper shuts it down when the GC
 * collects it (by {@code finalize()} up to 17, by a Cleaner from 21), so it is not stuck for good. What to observe:
 * no finding at {@code low} or above.
 */
public final class ParkedReferencedPools {
    static final List<Object> POOLS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<Thread> workers = new ArrayList<>();
        ParkedLeakedPools.makePools(POOLS, workers);
        dropSingleThreadExecutor(workers);
        ParkedLeakedPools.awaitAll(workers);
        workers.clear();
        Scenario.dumpLive(args[0]);
    }

    /** Runs one task on a single-thread executor and forgets it. */
    static void dropSingleThreadExecutor(List<Thread> workers) {
        ExecutorService single = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "single-worker");
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
        single.execute(() -> { });
    }
}
