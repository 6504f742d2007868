package dev.heaptriage.scenarios;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.heaptriage.testing.Scenario;

/**
 * An unbounded Dropwizard {@code MetricRegistry} (no reader in {@code detect/libs} names it): a timer per request
 * path, {@value #PATHS} paths, each timer with its own reservoir. What to observe: leak-suspects names
 * {@code SuspectMetricRegistry.REGISTRY}, {@code Timer} and its count. The near miss
 * {@link SuspectMetricRegistryBounded} times the path's template ({@value #TEMPLATES} names) instead.
 */
public final class SuspectMetricRegistry {
    public static final int PATHS = 40_000;
    public static final int TEMPLATES = 20;
    static final MetricRegistry REGISTRY = new MetricRegistry();

    static void run(String dump, boolean bounded) throws Exception {
        for (int i = 0; i < PATHS; i++) {
            String name = bounded ? "GET /orders/{id}/" + (i % TEMPLATES) : "GET /orders/" + i;
            Timer t = REGISTRY.timer(name);
            try (Timer.Context c = t.time()) {
                c.stop();
            }
        }
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
