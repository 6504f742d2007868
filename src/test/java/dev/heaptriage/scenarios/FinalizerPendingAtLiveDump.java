package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/**
 * Near-miss: what {@code jmap -dump:live} shows in a healthy JVM that just dropped finalizable objects. What to
 * observe:
 * <ul>
 *   <li>{@value #DROPPED} {@link TempFile}s are dropped right before a live dump. The dump's own full GC finds them
 *       unreachable and puts their Finalizers on the VM's pending list; the Reference Handler cannot run before the
 *       dump is written, so all {@value #DROPPED} are <em>pending</em> (referent set, {@code Reference.next == this},
 *       still registered with {@code Finalizer.queue}), none queued.</li>
 *   <li>The Finalizer thread is idle in {@code ReferenceQueue.remove}. Nothing is wrong: the detector must be silent.</li>
 * </ul>
 */
public final class FinalizerPendingAtLiveDump {
    public static final int DROPPED = 3_000;

    static final class TempFile {
        final byte[] name = new byte[32];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            name[0] = 0;
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < DROPPED; i++) {
            new TempFile();
        }
        Scenario.dumpLive(args[0]);
    }
}
