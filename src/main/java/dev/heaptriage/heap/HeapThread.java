package dev.heaptriage.heap;

import java.util.List;

/**
 * A Java thread in the dump. {@code frames} is top first and empty when the dump has no stack for it.
 */
public record HeapThread(int objectId, String name, ThreadState state, boolean daemon, boolean virtual,
                         List<StackFrame> frames) {
    public HeapThread {
        frames = List.copyOf(frames);
    }
}
