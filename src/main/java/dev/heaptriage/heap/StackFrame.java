package dev.heaptriage.heap;

/**
 * One frame of a thread's stack, top first. {@code location} is {@code File.java:123}, {@code Native Method},
 * {@code Compiled method} or {@code Unknown Source}; {@code localIds} are the objects the frame's locals and
 * operands reference (HPROF ROOT JAVA FRAME).
 */
public record StackFrame(String className, String methodName, String location, int[] localIds) {

    /** {@code java.util.concurrent.SynchronousQueue.take(SynchronousQueue.java:886)}. */
    public String text() {
        return className + "." + methodName + "(" + location + ")";
    }
}
