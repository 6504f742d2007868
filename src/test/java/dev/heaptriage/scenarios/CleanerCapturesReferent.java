package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.lang.ref.Cleaner;

/**
 * A cleaning action that captures the object it cleans. What to observe:
 * <ul>
 *   <li>{@value #CAPTURING} {@link Socketish} objects register a lambda that calls {@code this.release()}: the
 *       lambda's captured {@code this} is the referent, so the common pattern "{@code cleaner.register(this, () ->
 *       close())}" keeps every one of them reachable from the Cleaner for ever. The scenario keeps no reference to
 *       them, yet all {@value #CAPTURING} are live in the dump.</li>
 *   <li>{@value #CORRECT} {@link Proper} objects, kept in a static array, register an action that holds only the
 *       file descriptor number: not reported.</li>
 * </ul>
 */
public final class CleanerCapturesReferent {
    public static final int CAPTURING = 500;
    public static final int CORRECT = 300;
    public static final String ACTION_OWNER = "dev.heaptriage.scenarios.CleanerCapturesReferent$Socketish";

    static final Cleaner CLEANER = Cleaner.create();
    static final Object[] KEPT = new Object[CORRECT];

    static final class Socketish {
        final byte[] buffer = new byte[2048];
        int fd;

        Socketish(int fd) {
            this.fd = fd;
            CLEANER.register(this, () -> release());
        }

        void release() {
            fd = -1;
        }
    }

    static final class Proper {
        final byte[] buffer = new byte[64];

        Proper(int fd) {
            CLEANER.register(this, new CloseFd(fd));
        }

        static final class CloseFd implements Runnable {
            final int fd;

            CloseFd(int fd) {
                this.fd = fd;
            }

            @Override
            public void run() {
                System.out.print("");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < CAPTURING; i++) {
            new Socketish(i);
        }
        for (int i = 0; i < CORRECT; i++) {
            KEPT[i] = new Proper(1000 + i);
        }
        System.gc();
        Thread.sleep(200);
        Scenario.dump(args[0]);
    }
}
