package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapClass;
import java.util.List;

/**
 * Guava's {@code Service} implementations ({@code AbstractService} and the {@code AbstractScheduledService},
 * {@code AbstractExecutionThreadService} and {@code AbstractIdleService} bases that delegate to one): an application
 * service built on them owns its threads and is stopped with {@code stopAsync()}, not by shutting down their pool.
 */
public final class GuavaServices {
    private static final List<String> BASES = List.of(
            "com.google.common.util.concurrent.AbstractService",
            "com.google.common.util.concurrent.AbstractScheduledService",
            "com.google.common.util.concurrent.AbstractExecutionThreadService",
            "com.google.common.util.concurrent.AbstractIdleService");
    /** How a Guava service is stopped. */
    public static final String STOP_API = "stopAsync()";

    private GuavaServices() {
    }

    /** True for a class that extends one of Guava's service bases. */
    public static boolean isService(HeapClass c) {
        for (String b : BASES) {
            if (c.isSubclassOf(b)) {
                return true;
            }
        }
        return false;
    }
}
