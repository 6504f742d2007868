package dev.heaptriage.heap;

import dev.heaptriage.text.DumpString;
import java.util.List;

/**
 * A Java thread in the dump. {@code name} is dump contents ({@link DumpString#threadName}: JDK threads' own names
 * stay readable). {@code frames} is top first and empty when the dump has no stack for it.
 */
public record HeapThread(int objectId, DumpString name, ThreadState state, boolean daemon, boolean virtual,
                         List<StackFrame> frames) {
    public HeapThread {
        frames = List.copyOf(frames);
    }
}
