package dev.heaptriage.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the records of a dump refer to by identifier outside the heap's object graph, collected by the validating
 * pass and checked once the whole file is read: names (UTF8 records) of classes, fields and methods, the LOAD CLASS
 * record of every class dumped, the STACK FRAME records of every stack trace and the STACK TRACE of every thread. A
 * missing name is refused (a parser would show its own error key in its place, and every detector finds classes and
 * fields by name); a missing class name, frame or stack only leaves that thing unnamed or shorter, so the dump is
 * analysed with a warning that says exactly what is missing.
 */
final class RecordLinks {
    /** At most this many examples are named in one message. */
    private static final int SHOWN = 5;

    private final String what;
    private final LongIndex strings = new LongIndex(1 << 14);
    private final LongIndex namedClasses = new LongIndex(4096);
    private final LongIndex frames = new LongIndex(4096);
    private final LongIndex traces = new LongIndex(1024);
    /** (name id, offset of the record that names it, what it names) for every name referred to. */
    private final Refs names = new Refs();
    /** (frame id, offset of the STACK TRACE) for every frame of every trace. */
    private final Refs traceFrames = new Refs();
    /** (stack trace serial, offset of the thread root) for every thread root with a trace. */
    private final Refs threadTraces = new Refs();
    /** (class id, offset of the class dump) for every class dumped. */
    private final Refs dumpedClasses = new Refs();

    RecordLinks(String what) {
        this.what = what;
    }

    void string(long id) {
        strings.add(id);
    }

    void loadClass(long classId, long nameId, long offset) {
        namedClasses.add(classId);
        names.add(nameId, offset, NAME_OF_CLASS);
    }

    void stackFrame(long frameId, long method, long signature, long source, long offset) {
        frames.add(frameId);
        names.add(method, offset, NAME_OF_METHOD);
        names.add(signature, offset, NAME_OF_METHOD);
        if (source != 0) {
            names.add(source, offset, NAME_OF_SOURCE);
        }
    }

    void stackTrace(long serial, long frameId, long offset) {
        traces.add(serial);
        if (frameId != 0) {
            traceFrames.add(frameId, offset, 0);
        }
    }

    void classDump(long classId, long offset) {
        dumpedClasses.add(classId, offset, 0);
    }

    void fieldName(long nameId, long classDumpOffset) {
        names.add(nameId, classDumpOffset, NAME_OF_FIELD);
    }

    void threadRoot(long traceSerial, long offset) {
        if (traceSerial != 0) {
            threadTraces.add(traceSerial, offset, 0);
        }
    }

    private static final int NAME_OF_CLASS = 0;
    private static final int NAME_OF_METHOD = 1;
    private static final int NAME_OF_SOURCE = 2;
    private static final int NAME_OF_FIELD = 3;
    private static final String[] NAMED = {"the LOAD CLASS record", "the STACK FRAME record",
            "the STACK FRAME record (its source file)", "a field of the class dump"};

    /** Refuses a missing name; returns a warning for each other kind of gap. */
    List<String> finish() throws DumpException {
        List<String> missing = new ArrayList<>();
        long count = 0;
        LongIndex seen = new LongIndex(16);
        for (int i = 0; i < names.size; i++) {
            if (strings.get(names.ids[i]) < 0 && seen.get(names.ids[i]) < 0) {
                seen.add(names.ids[i]);
                if (missing.size() < SHOWN) {
                    missing.add("string 0x" + Long.toHexString(names.ids[i]) + ", named by " + NAMED[names.kinds[i]]
                            + " at offset " + names.offsets[i]);
                }
                count++;
            }
        }
        if (count > 0) {
            throw new DumpException("corrupt dump " + what + ": " + (count == 1 ? "a name is" : count + " names are")
                    + " missing (no UTF8 record holds " + (count == 1 ? "it" : "them") + "): " + list(missing, count));
        }
        List<String> warnings = new ArrayList<>();
        gap(warnings, dumpedClasses, namedClasses, "class", "classes", true, "the class dump at offset",
                "the dump has no LOAD CLASS record, so no name, for %s it dumps (%s): such classes show as "
                        + "unknown-name@ and their address, and detectors that look for a class by name miss them");
        gap(warnings, traceFrames, frames, "frame", "frames", true, "the STACK TRACE at offset",
                "%s of thread stacks %s missing (no STACK FRAME record for %s): stacks are shown without them");
        gap(warnings, threadTraces, traces, "thread's stack", "threads' stacks", false, "the thread root at offset",
                "%s %s missing (no STACK TRACE record for %s): such threads are shown without a stack");
        return warnings;
    }

    private static void gap(List<String> warnings, Refs refs, LongIndex defined, String one, String many,
                            boolean ids, String where, String sentence) {
        List<String> examples = new ArrayList<>();
        long count = 0;
        LongIndex seen = new LongIndex(16);
        for (int i = 0; i < refs.size; i++) {
            if (defined.get(refs.ids[i]) < 0 && seen.get(refs.ids[i]) < 0) {
                seen.add(refs.ids[i]);
                if (examples.size() < SHOWN) {
                    examples.add((ids ? "0x" + Long.toHexString(refs.ids[i]) : "serial " + refs.ids[i]) + ", " + where
                            + " " + refs.offsets[i]);
                }
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        String subject = count == 1 ? "one " + one : count + " " + many;
        String list = list(examples, count);
        warnings.add(sentence.startsWith("the dump") ? String.format(sentence, subject, list)
                : String.format(sentence, subject, count == 1 ? "is" : "are", list));
    }

    private static String list(List<String> items, long count) {
        String shown = String.join("; ", items);
        return count > items.size() ? shown + "; and " + (count - items.size()) + " more" : shown;
    }

    /** A growable list of (id, offset, kind) triples. */
    private static final class Refs {
        long[] ids = new long[1024];
        long[] offsets = new long[1024];
        int[] kinds = new int[1024];
        int size;

        void add(long id, long offset, int kind) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2);
                kinds = Arrays.copyOf(kinds, size * 2);
            }
            ids[size] = id;
            offsets[size] = offset;
            kinds[size++] = kind;
        }
    }
}
