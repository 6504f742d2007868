package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

/**
 * Near-miss: finalizable and cleanable objects that are still in use, the normal state. What to observe:
 * <ul>
 *   <li>{@value #IN_USE} {@link PooledFile}s (they override {@code finalize()}) held by a static list: each has a
 *       registered {@code Finalizer}, none is queued, the Finalizer thread is idle in {@code ReferenceQueue.remove}.</li>
 *   <li>{@value #CLEANABLES} {@link Buffer}s registered with an application {@code Cleaner} the right way: the
 *       action is a static nested class holding only the native state, not the buffer.</li>
 *   <li>{@value #DROPPED_CLEANABLES} more buffers are dropped and collected; their actions have run.</li>
 *   <li>{@value #CLOSED} buffers were closed ({@code cleanable.clean()}) and are still held: their cleanables have
 *       a null referent and the cleaner's queue, like ones the GC found, but they are off the cleaner's list.</li>
 * </ul>
 * The detector must report nothing.
 */
public final class FinalizerInUse {
    public static final int IN_USE = 5_000;
    public static final int CLEANABLES = 1_000;
    public static final int DROPPED_CLEANABLES = 1_000;
    public static final int CLOSED = 1_000;

    static final List<Object> LIVE = new ArrayList<>();
    static final Cleaner CLEANER = Cleaner.create();

    static final class PooledFile {
        final byte[] header = new byte[64];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            header[0] = 0;
        }
    }

    /** The state a cleaning action needs: no reference to the buffer itself. */
    static final class Release implements Runnable {
        final long address;

        Release(long address) {
            this.address = address;
        }

        @Override
        public void run() {
            System.out.print("");
        }
    }

    static final class Buffer {
        final byte[] data = new byte[256];
        final Cleaner.Cleanable cleanable;

        Buffer(long address) {
            cleanable = CLEANER.register(this, new Release(address));
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < IN_USE; i++) {
            LIVE.add(new PooledFile());
        }
        for (int i = 0; i < CLEANABLES; i++) {
            LIVE.add(new Buffer(i));
        }
        for (int i = 0; i < CLOSED; i++) {
            Buffer closed = new Buffer(i);
            closed.cleanable.clean();
            LIVE.add(closed);
        }
        for (int i = 0; i < DROPPED_CLEANABLES; i++) {
            new Buffer(-i);
        }
        System.gc();
        Thread.sleep(500);
        Scenario.dump(args[0]);
    }
}
