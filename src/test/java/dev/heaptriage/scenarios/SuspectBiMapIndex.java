package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import org.eclipse.collections.api.bimap.MutableBiMap;
import org.eclipse.collections.impl.bimap.mutable.HashBiMap;

/**
 * A two-way index that only grows (Eclipse Collections {@code HashBiMap}, which no reader in {@code detect/libs}
 * names): device tokens by device and devices by token, {@value #DEVICES} pairs. Each token and device is held by the
 * bimap's forward and inverse maps at once, so neither map dominates them: the bimap is the accumulation point. What
 * to observe: leak-suspects names {@code SuspectBiMapIndex$Devices.byToken} (a field of the instance held by
 * {@code SuspectBiMapIndex.DEVICES_INDEX}), {@code Device} and its count. The near miss {@link SuspectBiMapIndexPruned}
 * removes a device when it signs out ({@value #SIGNED_IN} stay).
 */
public final class SuspectBiMapIndex {
    public static final int DEVICES = 100_000;
    public static final int SIGNED_IN = 500;
    static final Devices DEVICES_INDEX = new Devices();

    /** One registered device. */
    static final class Device {
        final long id;
        final byte[] publicKey = new byte[160];

        Device(long id) {
            this.id = id;
        }
    }

    /** The application's device index. */
    static final class Devices {
        final MutableBiMap<String, Device> byToken = new HashBiMap<>();
    }

    static void run(String dump, boolean pruned) throws Exception {
        for (int i = 0; i < DEVICES; i++) {
            DEVICES_INDEX.byToken.put("token-" + i, new Device(i));
            if (pruned && i >= SIGNED_IN) {
                DEVICES_INDEX.byToken.remove("token-" + (i - SIGNED_IN));
            }
        }
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
