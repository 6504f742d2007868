package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/**
 * A JVM that does nothing but dump itself: only JDK housekeeping (Reference Handler, Finalizer, Signal Dispatcher,
 * Common-Cleaner, the JVM's own jars, stdin/stdout/stderr). Every detector must report nothing here.
 */
public final class IdleJvm {
    public static void main(String[] args) throws Exception {
        Scenario.dump(args[0]);
    }
}
