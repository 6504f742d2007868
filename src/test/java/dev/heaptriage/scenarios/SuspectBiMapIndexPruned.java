package dev.heaptriage.scenarios;

/**
 * Near miss of {@link SuspectBiMapIndex}: the same {@value SuspectBiMapIndex#DEVICES} devices, each removed when it
 * signs out ({@value SuspectBiMapIndex#SIGNED_IN} signed in at a time). leak-suspects reports nothing at low or above.
 */
public final class SuspectBiMapIndexPruned {
    public static void main(String[] args) throws Exception {
        SuspectBiMapIndex.run(args[0], true);
    }
}
