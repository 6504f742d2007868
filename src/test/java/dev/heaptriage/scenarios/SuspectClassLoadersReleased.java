package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/** Near miss of {@link SuspectClassLoaders}: the same deploys, then every loader released before a live dump. */
public final class SuspectClassLoadersReleased {
    public static void main(String[] args) throws Exception {
        SuspectClassLoaders.deploy();
        SuspectClassLoaders.DEPLOYED.clear();
        System.gc();
        Scenario.dumpLive(args[0]);
    }
}
