package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A balanced heap: ten caches of about 20 MB each, every one a tenth of what the caches hold together, none above
 * the suspect threshold. leak-suspects reports nothing at low or above.
 */
public final class SuspectBalancedHeap {
    public static final int CACHES = 10;
    public static final int ENTRIES = 20_000;
    static final List<Map<Integer, byte[]>> BY_REGION = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int c = 0; c < CACHES; c++) {
            Map<Integer, byte[]> cache = new HashMap<>();
            for (int i = 0; i < ENTRIES; i++) {
                cache.put(i, new byte[1_000]);
            }
            BY_REGION.add(cache);
        }
        Scenario.dumpLive(args[0]);
    }
}
