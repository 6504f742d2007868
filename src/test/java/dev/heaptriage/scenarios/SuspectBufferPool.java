package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One big object by design: a static pool of {@value #BUFFERS} preallocated 4 MiB heap buffers, most of the heap.
 * What to observe: leak-suspects reports it as info only (a few large parts, nothing that piles up).
 */
public final class SuspectBufferPool {
    public static final int BUFFERS = 16;
    static final ArrayDeque<ByteBuffer> POOL = new ArrayDeque<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < BUFFERS; i++) {
            POOL.add(ByteBuffer.allocate(4 << 20));
        }
        Scenario.dumpLive(args[0]);
    }
}
