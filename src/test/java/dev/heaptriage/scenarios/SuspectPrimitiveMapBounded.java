package dev.heaptriage.scenarios;

/**
 * Near miss of {@link SuspectPrimitiveMap}: the same {@value SuspectPrimitiveMap#QUOTES} quotes, the last
 * {@value SuspectPrimitiveMap#KEPT} kept. leak-suspects reports nothing at low or above.
 */
public final class SuspectPrimitiveMapBounded {
    public static void main(String[] args) throws Exception {
        SuspectPrimitiveMap.run(args[0], true);
    }
}
