package dev.heaptriage.heap;

/**
 * A frame of a running thread whose local variables (or operands) reference an object, as the dump records them
 * (HPROF ROOT JAVA FRAME). {@code depth} is the frame's index in {@code thread.frames()}, 0 being the top.
 */
public record FrameLocal(HeapThread thread, int depth, StackFrame frame) {
}
