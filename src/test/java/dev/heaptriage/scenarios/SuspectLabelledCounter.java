package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A Prometheus counter labelled with the session id (prometheus-metrics-core, which no reader in
 * {@code detect/libs} names): every session adds a data point, {@value #SESSIONS} in all. What to observe:
 * leak-suspects names the counter's data map, the field of the instance held by
 * {@code SuspectLabelledCounter.REQUESTS}, and its count. The near miss {@link SuspectLabelledCounterBounded} labels
 * by the session's tier ({@value #TIERS} values).
 */
public final class SuspectLabelledCounter {
    public static final int SESSIONS = 100_000;
    public static final int TIERS = 10;
    static final PrometheusRegistry REGISTRY = new PrometheusRegistry();
    static final Counter REQUESTS = Counter.builder().name("requests_total").labelNames("session")
            .register(REGISTRY);

    static void run(String dump, boolean bounded) throws Exception {
        for (int i = 0; i < SESSIONS; i++) {
            REQUESTS.labelValues(bounded ? "tier-" + i % TIERS : "session-" + i).inc();
        }
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
