package dev.heaptriage.scenarios;

import dev.heaptriage.testing.ScenarioJvm;
import java.util.HashMap;
import java.util.Map;

/**
 * An OutOfMemoryError dump as production makes it: a 96 MB heap, {@code -XX:+HeapDumpOnOutOfMemoryError}, and a
 * static report cache that only grows until the JVM runs out of memory and dumps itself. What to observe: the text
 * report of all detectors starts with leak-suspects' critical finding naming {@code SuspectOutOfMemory.REPORTS}.
 */
@ScenarioJvm({"-Xmx96m", "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath={dump}"})
public final class SuspectOutOfMemory {
    static final Map<Long, byte[]> REPORTS = new HashMap<>();

    public static void main(String[] args) {
        try {
            for (long i = 0; ; i++) {
                REPORTS.put(i, new byte[2_000]);
            }
        } catch (OutOfMemoryError e) {
            REPORTS.clear(); // the JVM dumped when the error was thrown; let the scenario end
        }
        System.exit(0);
    }
}
