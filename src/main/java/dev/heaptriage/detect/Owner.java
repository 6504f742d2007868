package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.text.Text;
import dev.heaptriage.units.Names;

/**
 * The holder of a leaking object that a developer recognises and can change (DESIGN.md §4 "Owner"), as data: what
 * kind of holder, the class and field (or thread and frame), and whether it is application code. {@link #key()} names
 * it by code only (for grouping and fingerprints: a thousand pooled connections or fifty worker threads make one
 * key); {@link #label()} names it as a person writes it.
 *
 * @param kind        what holds the object
 * @param holderId    the holder's object id (a class mirror for a static field, a thread for a local); -1 if none
 * @param holderClass the class that declares the field, the lambda's class, or the thread's class
 * @param field       the field (instance or static), or for {@link Kind#THREAD_LOCAL} the {@code ThreadLocal}'s own
 *                    holder as {@code Class.FIELD}; null when unknown
 * @param thread      the thread, for locals, thread-locals and a thread's own fields; else null
 * @param frame       for a local: the frame to blame (the nearest application frame at or below the one holding the
 *                    local); else null
 * @param application true when the holder is application code (see {@link AppCode}); false for a JDK or library
 *                    holder used because no application holder was found
 */
public record Owner(Kind kind, int holderId, String holderClass, String field, HeapThread thread, StackFrame frame,
                    boolean application) {

    /** The kinds of owner. */
    public enum Kind {
        /** A static field: {@code com.acme.Cache.FILES}. */
        STATIC_FIELD,
        /** An instance field of an object: {@code com.acme.Pool.items}. */
        FIELD,
        /** A variable captured by a lambda (its {@code arg$N} field means nothing to a reader). */
        CAPTURED,
        /** A local variable of a running method. */
        LOCAL,
        /** A value of a {@code ThreadLocal} in a thread's map. */
        THREAD_LOCAL,
        /** The thread object itself (its {@code Runnable} or a field of a {@code Thread} subclass). */
        THREAD,
        /** Nothing strongly reachable holds it (it waits for the GC, a cleaner or the finalizer). */
        UNREACHABLE,
        /** No holder was found. */
        UNKNOWN
    }

    public static final Owner UNREACHABLE = new Owner(Kind.UNREACHABLE, -1, null, null, null, null, false);
    public static final Owner UNKNOWN = new Owner(Kind.UNKNOWN, -1, null, null, null, null, false);

    /**
     * The owner by code, never by object or thread name, so it is the same in every dump of the same program:
     * {@code static:com.acme.Cache.FILES}, {@code field:com.acme.Pool.items}, {@code lambda:com.acme.Svc},
     * {@code frame:com.acme.Worker.run}, {@code threadlocal:com.acme.Ctx.CURRENT}, {@code thread:com.acme.MyThread}.
     */
    public String key() {
        String cls = holderClass == null ? "?" : JdkClasses.stableClassName(holderClass);
        return switch (kind) {
            case STATIC_FIELD -> "static:" + cls + (field == null ? "" : "." + field);
            case FIELD -> "field:" + cls + (field == null ? "" : "." + field);
            case CAPTURED -> "lambda:" + JdkClasses.lambdaOwner(cls);
            case LOCAL -> frame == null ? "thread:" + cls
                    : "frame:" + JdkClasses.stableClassName(frame.className()) + "." + frame.methodName();
            case THREAD_LOCAL -> "threadlocal:" + (field == null ? "?" : field);
            case THREAD -> "thread:" + cls;
            case UNREACHABLE -> "unreachable";
            case UNKNOWN -> "unknown";
        };
    }

    /**
     * The owner as a person writes it: {@code com.acme.Cache.FILES (static field)}, {@code com.acme.Pool.items
     * (field)}, {@code local of thread 'main' in Main.run}, {@code a ThreadLocal (com.acme.Ctx.CURRENT) of thread
     * 'pool-1-thread-1'}. Thread names are dump strings in it.
     */
    public Text label() {
        return switch (kind) {
            case STATIC_FIELD -> Text.of(holderClass + (field == null ? "" : "." + field) + " (static field)");
            case FIELD -> Text.of(holderClass + (field == null ? "" : "." + field) + " (field)");
            case CAPTURED -> Text.of("captured by a lambda of "
                    + JdkClasses.lambdaOwner(JdkClasses.stableClassName(holderClass)));
            case LOCAL -> Text.builder().append("local of ").append(threadText())
                    .append(frame == null ? "" : " in " + frameText()).build();
            case THREAD_LOCAL -> Text.builder().append("a ThreadLocal").append(field == null ? "" : " (" + field + ")")
                    .append(" of ").append(threadText()).build();
            case THREAD -> Text.builder().append(threadText()).append(" (" + Names.simpleName(holderClass) + ")")
                    .build();
            case UNREACHABLE -> Text.of("nothing reachable (waiting for the GC to run its Cleaner or finalizer)");
            case UNKNOWN -> Text.of("unknown holder");
        };
    }

    /** {@code Worker.run}: the frame's simple class name and method. */
    public String frameText() {
        return frame == null ? "" : Names.simpleName(JdkClasses.stableClassName(frame.className())) + "."
                + frame.methodName();
    }

    private Text threadText() {
        return thread == null ? Text.of("a thread")
                : Text.builder().append("thread '").append(thread.name()).append("'").build();
    }

    /** True for holders that are threads (locals, thread-locals, a thread's own fields). */
    public boolean isThread() {
        return kind == Kind.LOCAL || kind == Kind.THREAD_LOCAL || kind == Kind.THREAD;
    }
}
