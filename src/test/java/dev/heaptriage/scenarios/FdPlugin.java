package dev.heaptriage.scenarios;

/**
 * A plugin class for {@link FdDroppedStreams}: copied into jars and loaded by {@code URLClassLoader}s of their own (it
 * refers to JDK classes only, so a loader whose parent is the platform loader defines it from the jar).
 */
public final class FdPlugin implements Runnable {
    private int runs;

    @Override
    public void run() {
        runs++;
    }

    @Override
    public String toString() {
        return "plugin ran " + runs + " times";
    }
}
