package dev.heaptriage.scenarios;

/**
 * Near miss of {@link SuspectLabelledCounter}: the same {@value SuspectLabelledCounter#SESSIONS} requests counted by
 * tier ({@value SuspectLabelledCounter#TIERS} label values). leak-suspects reports nothing at low or above.
 */
public final class SuspectLabelledCounterBounded {
    public static void main(String[] args) throws Exception {
        SuspectLabelledCounter.run(args[0], true);
    }
}
