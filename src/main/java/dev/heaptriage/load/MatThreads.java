package dev.heaptriage.load;

import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import dev.heaptriage.text.DumpString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.snapshot.model.IInstance;
import org.eclipse.mat.snapshot.model.IObject;
import org.eclipse.mat.snapshot.model.IPrimitiveArray;
import org.eclipse.mat.snapshot.model.IStackFrame;
import org.eclipse.mat.snapshot.model.IThreadStack;

/**
 * The threads of a MAT snapshot (jdk-layouts.md §1, §5): platform threads with a stack or a live state, and virtual
 * threads where the dump has them, with their state, daemon flag, name (every String and JDK 6/7 char[] layout) and
 * frames. Read once, on first use.
 */
final class MatThreads {
    private final ISnapshot snapshot;
    private final MatHeapView view;
    private List<HeapThread> threads;
    private Map<Integer, HeapThread> threadsById;

    MatThreads(ISnapshot snapshot, MatHeapView view) {
        this.snapshot = snapshot;
        this.view = view;
    }

    List<HeapThread> threads() {
        if (threads == null) {
            threads = MatHeapView.mat(() -> {
                List<HeapThread> out = new ArrayList<>();
                Collection<IClass> threadClasses = snapshot.getClassesByName("java.lang.Thread", true);
                if (threadClasses == null) {
                    return out;
                }
                for (IClass c : threadClasses) {
                    for (int id : c.getObjectIds()) {
                        HeapThread t = readThread(id);
                        if (t != null) {
                            out.add(t);
                        }
                    }
                }
                out.sort(java.util.Comparator.comparing(HeapThread::name));
                return List.copyOf(out);
            });
        }
        return threads;
    }

    Optional<HeapThread> thread(int threadObjectId) {
        if (threadsById == null) {
            Map<Integer, HeapThread> byId = new HashMap<>();
            for (HeapThread t : threads()) {
                byId.put(t.objectId(), t);
            }
            threadsById = byId; // paths and detectors ask per object: a scan of thousands of threads each time adds up
        }
        return Optional.ofNullable(threadsById.get(threadObjectId));
    }

    /** Null for threads that are not running: never started or already terminated (the dump has no stack for them). */
    private HeapThread readThread(int id) throws SnapshotException {
        IObject o = snapshot.getObject(id);
        if (!(o instanceof IInstance t)) {
            return null;
        }
        boolean virtual = o.getClazz().doesExtend("java.lang.BaseVirtualThread")
                || o.getClazz().getName().equals("java.lang.VirtualThread");
        IThreadStack stack = snapshot.getThreadStack(id);
        ThreadState state;
        boolean daemon;
        IInstance holder = view.deref(t.getField("holder")) instanceof IInstance h ? h : null;
        if (virtual) {
            state = virtualState(t);
            daemon = true;
        } else if (holder != null) {
            state = ThreadState.fromJvmtiStatus(intField(holder, "threadStatus"));
            daemon = boolField(holder, "daemon");
        } else {
            state = ThreadState.fromJvmtiStatus(intField(t, "threadStatus"));
            daemon = boolField(t, "daemon");
        }
        if (stack == null && (state == ThreadState.NEW || state == ThreadState.TERMINATED)) {
            return null;
        }
        List<StackFrame> frames = new ArrayList<>();
        if (stack != null) {
            for (IStackFrame f : stack.getStackFrames()) {
                frames.add(parseFrame(f));
            }
        }
        return new HeapThread(id, threadName(id), state, daemon, virtual, frames);
    }

    /**
     * {@code VirtualThread.state} as {@code VirtualThread.threadState()} maps it (jdk-layouts.md §5, JDK 21–25):
     * 4 PARKED, 5 PINNED, 16 WAIT are WAITING; 7 TIMED_PARKED, 8 TIMED_PINNED, 18 TIMED_WAIT are TIMED_WAITING;
     * 12 BLOCKING, 13 BLOCKED are BLOCKED; the transitional states are RUNNABLE. The SUSPENDED flag (256) is masked
     * off. A mounted thread (2 RUNNING) really has its carrier's state; RUNNABLE is the closest without it.
     */
    private static ThreadState virtualState(IInstance t) {
        int s = intField(t, "state") & ~256;
        return switch (s) {
            case 0 -> ThreadState.NEW;
            case 99 -> ThreadState.TERMINATED;
            case 1, 2, 3, 6, 9, 10, 11, 14, 15, 17 -> ThreadState.RUNNABLE;
            case 4, 5, 16 -> ThreadState.WAITING;
            case 7, 8, 18 -> ThreadState.TIMED_WAITING;
            case 12, 13 -> ThreadState.BLOCKED;
            default -> ThreadState.UNKNOWN;
        };
    }

    /** The thread's name, a dump string ({@link DumpString#threadName}: the JDK's own names stay readable). */
    DumpString threadName(int threadId) {
        return DumpString.threadName(rawThreadName(threadId));
    }

    private String rawThreadName(int threadId) {
        try {
            IObject o = snapshot.getObject(threadId);
            if (!(o instanceof IInstance t)) {
                return "";
            }
            IObject n = view.deref(t.getField("name"));
            if (n == null) {
                return "";
            }
            if (n instanceof IInstance s) {
                String decoded = view.decodeString(s);
                return decoded == null ? "" : decoded;
            }
            if (n instanceof IPrimitiveArray pa && pa.getValueArray() instanceof char[] chars) {
                return new String(chars); // JDK 6/7: Thread.name is a char[]
            }
            return "";
        } catch (SnapshotException e) {
            return "";
        }
    }

    private static int intField(IInstance o, String name) {
        Field f = o.getField(name);
        return f != null && f.getValue() instanceof Number n ? n.intValue() : 0;
    }

    private static boolean boolField(IInstance o, String name) {
        Field f = o.getField(name);
        return f != null && f.getValue() instanceof Boolean b && b;
    }

    /** Parses MAT's {@code at pkg.Cls.method(Sig)Ret (File.java:12)} into its parts. */
    static StackFrame parseFrame(IStackFrame f) {
        String text = f.getText();
        if (text.startsWith("at ")) {
            text = text.substring(3);
        }
        int paren = text.indexOf('(');
        String qualified = paren < 0 ? text : text.substring(0, paren);
        int locStart = text.lastIndexOf(" (");
        String location = locStart < 0 ? "" : text.substring(locStart + 2, text.length() - (text.endsWith(")") ? 1 : 0));
        int dot = qualified.lastIndexOf('.');
        String cls = dot < 0 ? "" : qualified.substring(0, dot);
        String method = dot < 0 ? qualified : qualified.substring(dot + 1);
        return new StackFrame(cls, method, location, f.getLocalObjectsIds().clone());
    }
}
