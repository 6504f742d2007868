package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An unbounded metrics registry (Micrometer {@code SimpleMeterRegistry}, no reader in {@code detect/libs} names it): a
 * counter tagged with the user id, so every user adds a meter, {@value #USERS} in all. Each meter is held by the
 * registry's {@code meterMap} and by its {@code preFilterIdToMeterMap} at once, so no one map dominates them: the
 * registry is the accumulation point. What to observe: leak-suspects names {@code SuspectMeterRegistry.METRICS}, the
 * element class ({@code CumulativeCounter}) and its count. The near miss {@link SuspectMeterRegistryBounded} caps the
 * tag at {@value #MAX_USERS} values with {@code MeterFilter.maximumAllowableTags}.
 */
public final class SuspectMeterRegistry {
    public static final int USERS = 120_000;
    public static final int MAX_USERS = 100;
    static final MeterRegistry METRICS = new SimpleMeterRegistry();

    static void run(String dump, boolean bounded) throws Exception {
        if (bounded) {
            METRICS.config().meterFilter(MeterFilter.maximumAllowableTags("logins", "user", MAX_USERS,
                    MeterFilter.deny()));
        }
        for (int i = 0; i < USERS; i++) {
            Counter.builder("logins").tag("user", "user-" + i).register(METRICS).increment();
        }
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
