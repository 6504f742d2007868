package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Near miss of {@link SuspectGrowingCache}: the same {@value SuspectGrowingCache#LOOKUPS} lookups into a static
 * cache bounded to {@value #MAX_ENTRIES} entries (an LRU {@code LinkedHashMap}). leak-suspects reports nothing at
 * low or above.
 */
public final class SuspectBoundedCache {
    static final int MAX_ENTRIES = 1_000;

    static final Map<Long, byte[]> ENTRIES = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public static void main(String[] args) throws Exception {
        for (long i = 0; i < SuspectGrowingCache.LOOKUPS; i++) {
            ENTRIES.computeIfAbsent(i, k -> new byte[SuspectGrowingCache.VALUE_BYTES])[0] = (byte) i;
        }
        Scenario.dumpLive(args[0]);
    }
}
