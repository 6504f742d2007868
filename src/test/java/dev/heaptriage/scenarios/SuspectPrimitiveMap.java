package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * A cache keyed by primitive ids that only grows (fastutil {@code Long2ObjectOpenHashMap}, which no reader in
 * {@code detect/libs} names and whose layout, parallel key and value arrays, is no JDK map's): {@value #QUOTES}
 * quotes. What to observe: leak-suspects names {@code SuspectPrimitiveMap.QUOTES_BY_ID}, {@code Quote} and its count.
 * The near miss {@link SuspectPrimitiveMapBounded} keeps the last {@value #KEPT}.
 */
public final class SuspectPrimitiveMap {
    public static final int QUOTES = 150_000;
    public static final int KEPT = 1_000;
    static final Long2ObjectMap<Quote> QUOTES_BY_ID = new Long2ObjectOpenHashMap<>();

    /** One price quote. */
    static final class Quote {
        final long id;
        final double[] levels = new double[16];

        Quote(long id) {
            this.id = id;
        }
    }

    static void run(String dump, boolean bounded) throws Exception {
        for (long i = 0; i < QUOTES; i++) {
            QUOTES_BY_ID.put(i, new Quote(i));
            if (bounded && i >= KEPT) {
                QUOTES_BY_ID.remove(i - KEPT);
            }
        }
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
