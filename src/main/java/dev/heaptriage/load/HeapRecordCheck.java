package dev.heaptriage.load;

import java.io.IOException;
import java.util.Arrays;

/**
 * Walks the sub-records of the HEAP DUMP (SEGMENT) records of a dump, for {@link HprofRecordScan}, and refuses in
 * words what no parser can read right: a sub-record tag HPROF does not define, a sub-record that runs past the end
 * of its record, an array length no Java array can have, a basic type that does not exist, a class dumped twice, an
 * instance whose class no CLASS DUMP defines or whose field bytes disagree with what its class and superclasses
 * declare, a superclass that is missing or a chain of them that loops. It counts what a parser will index on the way
 * ({@link HprofCensus}). Only headers are decoded; bodies are skipped.
 */
final class HeapRecordCheck {
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE;

    private final RecordReader in;
    private final int id;
    private final String what;
    private long instances;
    private long objectArrays;
    private long primitiveArrays;
    private long gcRoots;

    /** Per class dumped: its offset, superclass id and the bytes its own instance fields take. */
    private LongIndex classes = new LongIndex(4096);
    private long classDumps;
    /** The heap being walked, 1 for the first (the JVMTI hprof agent writes several into one file). */
    private int heapNumber = 1;
    private long[] classOffsets = new long[4096];
    private long[] superIds = new long[4096];
    private long[] fieldBytes = new long[4096];

    /** Per class that has instances: the first instance's offset and its field bytes (every instance has as many). */
    private LongIndex instanceClasses = new LongIndex(4096);
    private long[] firstInstances = new long[4096];
    private long[] instanceBytes = new long[4096];
    private long lastClass = -1;
    private int lastClassNumber = -1;

    /** The record being walked, for messages. */
    private long record;
    private long recordOffset;
    private int recordTag;
    private long recordEnd;
    private long previous;
    private String previousWhat;

    /** Told every object dumped (instance, array, class) with its offset; for {@link DumpDiagnosis}. */
    interface ObjectSink {
        void object(int heap, long id, long offset);
    }

    private final ObjectSink sink;

    private final RecordLinks links;

    HeapRecordCheck(RecordReader in, String what, ObjectSink sink, RecordLinks links) {
        this.in = in;
        this.links = links;
        this.id = in.idSize();
        this.what = what;
        this.sink = sink;
    }

    HprofCensus census() {
        return new HprofCensus(instances, objectArrays, primitiveArrays, classDumps, gcRoots);
    }

    /** Checks the sub-records of record {@code number} (tag {@code tag}) from the reader's position to {@code end}. */
    void check(long number, long offset, int tag, long end) throws IOException, DumpException {
        record = number;
        recordOffset = offset;
        recordTag = tag;
        recordEnd = end;
        previous = -1;
        while (in.position() < end) {
            long at = in.position();
            int sub = in.u1();
            String kind = subRecord(at, sub);
            previous = at;
            previousWhat = kind;
        }
    }

    /** Reads the sub-record whose tag {@code sub} was just read at {@code at}; returns what it is, in words. */
    private String subRecord(long at, int sub) throws IOException, DumpException {
        switch (sub) {
            case 0xFF, 0x05, 0x07, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x90 -> root(at, id);
            case 0x01 -> root(at, 2L * id);
            case 0x08 -> threadRoot(at);
            case 0x02, 0x03, 0x8E -> root(at, id + 8L);
            case 0x04, 0x06 -> root(at, id + 4L);
            case 0x20 -> classDump(at);
            case 0x21 -> instance(at);
            case 0x22 -> objectArray(at);
            case 0x23, 0xC3 -> primitiveArray(at, sub == 0x23);
            case 0xFE -> {
                fits(at, 1 + 4L + id, "heap dump info record");
                in.skip(4L + id);
            }
            default -> throw new DumpException("corrupt dump " + what + ": expected a heap dump sub-record at offset "
                    + at + " (in " + inRecord() + ") but found tag 0x" + Integer.toHexString(sub)
                    + (previous < 0 ? "" : "; the " + previousWhat + " at offset " + previous + " before it may have "
                    + "a damaged length"));
        }
        return switch (sub) {
            case 0x20 -> "class dump";
            case 0x21 -> "instance dump";
            case 0x22 -> "object array";
            case 0x23, 0xC3 -> "primitive array";
            default -> sub == 0xFE ? "heap dump info record" : "GC root record";
        };
    }

    private void root(long at, long body) throws DumpException {
        fits(at, 1 + body, "GC root record");
        in.skip(body);
        gcRoots++;
    }

    /** ROOT THREAD OBJECT: the thread object, its serial and the serial of its stack trace. */
    private void threadRoot(long at) throws IOException, DumpException {
        fits(at, 1 + id + 8L, "GC root record");
        in.skip(id + 4L);
        links.threadRoot(in.u4(), at);
        gcRoots++;
    }

    private void classDump(long at) throws IOException, DumpException {
        String kind = "class dump";
        fits(at, 1 + 7L * id + 8 + 2, kind);
        long cls = in.id();
        in.u4();
        long sup = in.id();
        if (sink != null) {
            sink.object(heapNumber, cls, at);
        }
        in.skip(5L * id + 4);
        int constants = in.u2();
        for (int i = 0; i < constants; i++) {
            fits(at, in.position() + 3 - at, kind);
            in.u2();
            int size = typeSize(in.u1(), at, kind, "constant pool entry " + (i + 1));
            fits(at, in.position() + size - at, kind);
            in.skip(size);
        }
        fits(at, in.position() + 2 - at, kind);
        int statics = in.u2();
        for (int i = 0; i < statics; i++) {
            fits(at, in.position() + id + 1 - at, kind);
            links.fieldName(in.id(), at);
            int size = typeSize(in.u1(), at, kind, "static field " + (i + 1));
            fits(at, in.position() + size - at, kind);
            in.skip(size);
        }
        fits(at, in.position() + 2 - at, kind);
        int fields = in.u2();
        fits(at, in.position() + fields * (id + 1L) - at, kind);
        long bytes = 0;
        for (int i = 0; i < fields; i++) {
            links.fieldName(in.id(), at);
            bytes += typeSize(in.u1(), at, kind, "instance field " + (i + 1));
        }
        int n = classes.size();
        int number = classes.add(cls);
        if (number < n) {
            throw new DumpException("corrupt dump " + what + ": class 0x" + Long.toHexString(cls) + " is dumped twice, "
                    + "at offsets " + classOffsets[number] + " and " + at);
        }
        if (number == classOffsets.length) {
            classOffsets = Arrays.copyOf(classOffsets, number * 2);
            superIds = Arrays.copyOf(superIds, number * 2);
            fieldBytes = Arrays.copyOf(fieldBytes, number * 2);
        }
        classOffsets[number] = at;
        classDumps++;
        links.classDump(cls, at);
        superIds[number] = sup;
        fieldBytes[number] = bytes;
    }

    private void instance(long at) throws IOException, DumpException {
        fits(at, 1 + 2L * id + 8, "instance dump");
        object(at);
        long cls = in.id();
        long bytes = in.u4();
        if (at + 1 + 2L * id + 8 + bytes > recordEnd) {
            fits(at, 1 + 2L * id + 8 + bytes, "instance dump (" + bytes + " bytes of fields)");
        }
        in.skip(bytes);
        instances++;
        int number;
        if (cls == lastClass) {
            number = lastClassNumber;
        } else {
            int n = instanceClasses.size();
            number = instanceClasses.add(cls);
            if (number == n) {
                if (number == firstInstances.length) {
                    firstInstances = Arrays.copyOf(firstInstances, number * 2);
                    instanceBytes = Arrays.copyOf(instanceBytes, number * 2);
                }
                firstInstances[number] = at;
                instanceBytes[number] = bytes;
            }
            lastClass = cls;
            lastClassNumber = number;
        }
        if (instanceBytes[number] != bytes) {
            throw new DumpException("corrupt dump " + what + ": the instance dump at offset " + at + " holds " + bytes
                    + " bytes of fields, but the first instance of its class (0x" + Long.toHexString(cls) + ", at offset "
                    + firstInstances[number] + ") holds " + instanceBytes[number]);
        }
    }

    /** Reads an object's id and stack trace serial. */
    private void object(long at) throws IOException {
        long object = in.id();
        in.skip(4);
        if (sink != null) {
            sink.object(heapNumber, object, at);
        }
    }

    private void objectArray(long at) throws IOException, DumpException {
        fits(at, 1 + 2L * id + 8, "object array");
        object(at);
        long length = in.u4();
        in.skip(id);
        arrayLength(at, "object array", length);
        if (at + 1 + 2L * id + 8 + length * id > recordEnd) {
            fits(at, 1 + 2L * id + 8 + length * id, "object array (length " + length + ")");
        }
        in.skip(length * id);
        objectArrays++;
    }

    private void primitiveArray(long at, boolean withData) throws IOException, DumpException {
        fits(at, 1 + id + 9L, "primitive array");
        object(at);
        long length = in.u4();
        int type = in.u1();
        if (type < 4 || type > 11) {
            throw new DumpException("corrupt dump " + what + ": expected the element type of the primitive array at "
                    + "offset " + at + " (4 to 11: boolean to long) but found " + type);
        }
        if (length > MAX_ARRAY_LENGTH) {
            arrayLength(at, "primitive array (" + TYPE_NAMES[type - 4] + "[])", length);
        }
        long bytes = withData ? length * ELEMENT_BYTES[type - 4] : 0;
        if (at + 1 + id + 9L + bytes > recordEnd) {
            fits(at, 1 + id + 9L + bytes, "primitive array (" + TYPE_NAMES[type - 4] + "[], length " + length + ")");
        }
        in.skip(bytes);
        primitiveArrays++;
    }

    private static final String[] TYPE_NAMES = {"boolean", "char", "float", "double", "byte", "short", "int", "long"};
    private static final int[] ELEMENT_BYTES = {1, 2, 4, 8, 1, 2, 4, 8};

    private void arrayLength(long at, String kind, long length) throws DumpException {
        if (length > MAX_ARRAY_LENGTH) {
            throw new DumpException("corrupt dump " + what + ": the " + kind + " at offset " + at + " has length "
                    + length + " (0x" + Long.toHexString(length) + "), more than a Java array can hold ("
                    + MAX_ARRAY_LENGTH + ")");
        }
    }

    /** Refuses a sub-record at {@code at} that needs {@code bytes} bytes when its record ends sooner. */
    private void fits(long at, long bytes, String kind) throws DumpException {
        if (at + bytes > recordEnd) {
            throw new DumpException("corrupt dump " + what + ": the " + kind + " at offset " + at + " runs past the "
                    + "end of its record: it needs " + bytes + " bytes but " + inRecord() + " ends " + (recordEnd - at)
                    + " bytes after its start; a length in it is damaged or the record was cut");
        }
    }

    private int typeSize(int type, long at, String kind, String part) throws DumpException {
        return switch (type) {
            case 2 -> id;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new DumpException("corrupt dump " + what + ": expected a basic type (2, or 4 to 11) for "
                    + part + " of the " + kind + " at offset " + at + " but found " + type);
        };
    }

    private String inRecord() {
        return (recordTag == 0x0C ? "HEAP DUMP" : "HEAP DUMP SEGMENT") + " record " + record + " at offset "
                + recordOffset;
    }

    /**
     * The checks that need a whole heap, made when it ends: every instance's class is dumped and its field bytes are
     * what the class and its superclasses declare; every superclass is dumped and no chain of them loops. Then the
     * next heap of the file (if any) starts with nothing known: each heap dumps its own classes.
     */
    void endHeap() throws DumpException {
        for (int c = 0; c < classes.size(); c++) {
            long sup = superIds[c];
            int depth = 0;
            for (int k = c; sup != 0; sup = superIds[k]) {
                k = classes.get(sup);
                if (k < 0) {
                    throw new DumpException("corrupt dump " + what + ": the class dump at offset " + classOffsets[c]
                            + " names a superclass 0x" + Long.toHexString(sup) + " that no class dump in the file defines");
                }
                if (++depth > classes.size()) {
                    throw new DumpException("corrupt dump " + what + ": the superclasses of the class dump at offset "
                            + classOffsets[c] + " form a loop");
                }
            }
        }
        for (int i = 0; i < instanceClasses.size(); i++) {
            long cls = instanceClasses.key(i);
            int c = classes.get(cls);
            if (c < 0) {
                throw new DumpException("corrupt dump " + what + ": the instance dump at offset " + firstInstances[i]
                        + " is of class 0x" + Long.toHexString(cls) + ", which no class dump in the file defines");
            }
            long declared = 0;
            for (int k = c; k >= 0; k = superIds[k] == 0 ? -1 : classes.get(superIds[k])) {
                declared += fieldBytes[k];
            }
            if (declared != instanceBytes[i]) {
                throw new DumpException("corrupt dump " + what + ": the instance dump at offset " + firstInstances[i]
                        + " holds " + instanceBytes[i] + " bytes of fields, but its class (the class dump at offset "
                        + classOffsets[c] + ") and its superclasses declare " + declared);
            }
        }
        classes = new LongIndex(4096);
        instanceClasses = new LongIndex(4096);
        lastClass = -1;
        lastClassNumber = -1;
        heapNumber++;
    }
}
