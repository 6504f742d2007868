package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.HashMap;
import java.util.Map;

/**
 * A static map cache that only grows: every lookup of a new key adds an entry and nothing ever removes one. What to
 * observe: leak-suspects names {@code SuspectGrowingCache.ENTRIES (static field)}, a HashMap of {@value #LOOKUPS}
 * entries of byte[], most of the heap. The near miss is {@link SuspectBoundedCache}: the same lookups, an LRU bound.
 */
public final class SuspectGrowingCache {
    public static final int LOOKUPS = 60_000;
    public static final int VALUE_BYTES = 1_000;

    static final Map<Long, byte[]> ENTRIES = new HashMap<>();

    static byte[] lookup(long key) {
        return ENTRIES.computeIfAbsent(key, k -> new byte[VALUE_BYTES]);
    }

    public static void main(String[] args) throws Exception {
        for (long i = 0; i < LOOKUPS; i++) {
            lookup(i)[0] = (byte) i;
        }
        Scenario.dumpLive(args[0]);
    }
}
