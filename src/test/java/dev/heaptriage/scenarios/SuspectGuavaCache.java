package dev.heaptriage.scenarios;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.heaptriage.testing.Scenario;

/**
 * A Guava cache built without maximum size or expiry ({@code CacheBuilder.newBuilder().build()}), filled with
 * {@value #ENTRIES} entries. What to observe: leak-suspects reports an unbounded Guava cache held by
 * {@code SuspectGuavaCache.RATES}, its entries summed over the cache's segments. The near miss
 * {@link SuspectBoundedLibraryCaches} bounds it.
 */
public final class SuspectGuavaCache {
    public static final int ENTRIES = 50_000;
    static final Cache<Long, byte[]> RATES = CacheBuilder.newBuilder().build();

    public static void main(String[] args) throws Exception {
        for (long i = 0; i < ENTRIES; i++) {
            RATES.put(i, new byte[1_000]);
        }
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
