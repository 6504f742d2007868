package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Near-miss of {@link ParkedLeakedPools}: the same fixed and scheduled pools with the same idle workers, but the
 * application still holds every pool in {@link #POOLS}, so it can submit work or shut them down. What to observe:
 * no finding at {@code low} or above.
 */
public final class ParkedReferencedPools {
    static final List<Object> POOLS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<Thread> workers = new ArrayList<>();
        ParkedLeakedPools.makePools(POOLS, workers);
        ParkedLeakedPools.awaitAll(workers);
        workers.clear();
        Scenario.dumpLive(args[0]);
    }
}
