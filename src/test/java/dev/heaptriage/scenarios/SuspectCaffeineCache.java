package dev.heaptriage.scenarios;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heaptriage.testing.Scenario;

/**
 * A Caffeine cache built without maximum size or expiry ({@code Caffeine.newBuilder().build()}), filled with
 * {@value #ENTRIES} entries. What to observe: leak-suspects reports an unbounded Caffeine cache held by
 * {@code SuspectCaffeineCache.PRICES}. The near miss {@link SuspectBoundedLibraryCaches} bounds it.
 */
public final class SuspectCaffeineCache {
    public static final int ENTRIES = 50_000;
    static final Cache<Long, byte[]> PRICES = Caffeine.newBuilder().build();

    public static void main(String[] args) throws Exception {
        for (long i = 0; i < ENTRIES; i++) {
            PRICES.put(i, new byte[1_000]);
        }
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
