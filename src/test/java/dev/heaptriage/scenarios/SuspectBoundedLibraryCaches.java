package dev.heaptriage.scenarios;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import dev.heaptriage.testing.Scenario;
import java.time.Duration;

/**
 * Near miss of {@link SuspectCaffeineCache} and {@link SuspectGuavaCache}: the same puts into a Caffeine cache with
 * {@code maximumSize(1000)} and a Guava cache with {@code maximumSize(1000)} and {@code expireAfterWrite}.
 */
public final class SuspectBoundedLibraryCaches {
    static final com.github.benmanes.caffeine.cache.Cache<Long, byte[]> PRICES = Caffeine.newBuilder()
            .maximumSize(1_000).executor(Runnable::run).build();
    static final com.google.common.cache.Cache<Long, byte[]> RATES = CacheBuilder.newBuilder()
            .maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    public static void main(String[] args) throws Exception {
        for (long i = 0; i < SuspectCaffeineCache.ENTRIES; i++) {
            PRICES.put(i, new byte[1_000]);
            RATES.put(i, new byte[1_000]);
        }
        PRICES.cleanUp();
        RATES.cleanUp();
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
