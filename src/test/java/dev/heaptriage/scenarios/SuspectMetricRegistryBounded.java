package dev.heaptriage.scenarios;

/**
 * Near miss of {@link SuspectMetricRegistry}: the same {@value SuspectMetricRegistry#PATHS} requests timed per path
 * template ({@value SuspectMetricRegistry#TEMPLATES} timers). leak-suspects reports nothing at low or above.
 */
public final class SuspectMetricRegistryBounded {
    public static void main(String[] args) throws Exception {
        SuspectMetricRegistry.run(args[0], true);
    }
}
