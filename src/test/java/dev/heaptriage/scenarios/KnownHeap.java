package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A heap with known facts, for the loader and heap-view tests. What to observe:
 * <ul>
 *   <li>{@code HOLDER} retains 100 byte arrays of 10,000 bytes (1,001,600 bytes with the test JVMs' 16-byte array
 *       headers) through an ArrayList;
 *       the 42nd array's path to a GC root is byte[] → Object[][41] → ArrayList.elementData → Holder.items →
 *       KnownHeap.HOLDER (static).</li>
 *   <li>{@code LATIN} and {@code UNICODE} are a Latin-1 and a UTF-16 string.</li>
 *   <li>A thread "known-sleeper" waits on a latch in {@link Sleeper#run}, with a local byte[5000].</li>
 *   <li>A {@link Garbage} object and a {@link Finalizable} are dropped just before the dump (live=false): both are
 *       in the file, but only the finalizable one is still held (by its {@code java.lang.ref.Finalizer}).</li>
 * </ul>
 */
public final class KnownHeap {
    public static final int ARRAYS = 100;
    public static final int ARRAY_BYTES = 10_000;
    public static final String LATIN_TEXT = "hello heap";
    public static final String UNICODE_TEXT = "h\u00e9llo \u20ac w\u00f6rld";

    static Holder HOLDER;
    static String LATIN;
    static String UNICODE;
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** Holds the arrays. */
    static final class Holder {
        final List<byte[]> items = new ArrayList<>();
    }

    /** Unreachable at dump time. */
    static final class Garbage {
        final String marker;

        Garbage(String marker) {
            this.marker = marker;
        }
    }

    /** Registered for finalization because {@code finalize} is not empty. */
    static final class Finalizable {
        final String marker;

        Finalizable(String marker) {
            this.marker = marker;
        }

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            System.out.println(marker);
        }
    }

    static final class Sleeper implements Runnable {
        @Override
        public void run() {
            byte[] local = new byte[5000];
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            local[0] = 1;
        }
    }

    public static void main(String[] args) throws Exception {
        HOLDER = new Holder();
        for (int i = 0; i < ARRAYS; i++) {
            byte[] b = new byte[ARRAY_BYTES];
            b[0] = (byte) i;
            HOLDER.items.add(b);
        }
        LATIN = new String(LATIN_TEXT.toCharArray());
        UNICODE = new String(UNICODE_TEXT.toCharArray());
        Thread sleeper = new Thread(new Sleeper(), "known-sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        Scenario.awaitBlocked(sleeper);
        Garbage g = new Garbage("garbage-marker");
        System.out.println(g.marker.length());
        g = null;
        new Finalizable("finalizable-marker");
        Scenario.dump(args[0]);
    }
}
