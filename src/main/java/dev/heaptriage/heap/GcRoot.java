package dev.heaptriage.heap;

import dev.heaptriage.text.DumpString;

/**
 * Why an object is a GC root, as data. For roots of a thread (its {@code Thread} object, a local variable of one of
 * its frames) {@code threadId} and {@code threadName} name it, and {@code frame} the frame when the dump says which.
 *
 * @param kind       the kind of root
 * @param threadId   the thread object's id, or -1
 * @param threadName the thread's name (dump contents: redact it), or null
 * @param frame      the frame holding a local, or null
 * @param label      for {@link Kind#OTHER}: the dump's own name of the root type (e.g. {@code finalizable}); else null
 */
public record GcRoot(Kind kind, int threadId, DumpString threadName, StackFrame frame, String label) {

    /** The kinds of GC root a person needs to tell apart. */
    public enum Kind {
        /** A class loaded by the bootstrap loader: its statics live as long as the JVM. */
        SYSTEM_CLASS,
        /** A live thread's {@code Thread} object. */
        THREAD,
        /** A local variable or operand of a running method (also native stack and thread block roots). */
        JAVA_LOCAL,
        /** A JNI local reference of native code running in a thread. */
        JNI_LOCAL,
        /** A JNI global reference. */
        JNI_GLOBAL,
        /** An object whose monitor is held. */
        BUSY_MONITOR,
        /** Anything else the dump records (see {@link #label}). */
        OTHER
    }

    public static GcRoot of(Kind kind) {
        return new GcRoot(kind, -1, null, null, null);
    }

    public static GcRoot thread(int threadId, DumpString threadName) {
        return new GcRoot(Kind.THREAD, threadId, threadName, null, null);
    }

    public static GcRoot local(Kind kind, int threadId, DumpString threadName, StackFrame frame) {
        return new GcRoot(kind, threadId, threadName, frame, null);
    }

    public static GcRoot other(String label) {
        return new GcRoot(Kind.OTHER, -1, null, null, label);
    }

    /** A local variable of a running method (Java or JNI): transient, it lets go when the method returns. */
    public boolean isLocal() {
        return kind == Kind.JAVA_LOCAL || kind == Kind.JNI_LOCAL;
    }
}
