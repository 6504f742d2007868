package dev.heaptriage.load;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The validating pass over an HPROF file, before any parser sees it: one sequential read of every record that checks
 * what a parser relies on and refuses the rest with one sentence that says what was expected, what was found and at
 * which record and offset. Top-level records must have known tags, lengths within the file and the lengths their
 * identifier size gives them; the sub-records of heap dumps are checked by {@link HeapRecordCheck}. A dump cut short
 * by a full disk or a killed process, a damaged length or a changed identifier size fails here instead of deep
 * inside a parser (or, worse, in a silently partial analysis). The pass also counts what the parser will index
 * ({@link HprofCensus}), from which the loader sizes its memory. It decodes headers only and skips bodies, so it
 * costs about what reading the file costs.
 */
final class HprofRecordScan {
    private static final int TAG_HEAP_DUMP = 0x0C;
    private static final int TAG_HEAP_DUMP_SEGMENT = 0x1C;
    private static final int TAG_HEAP_DUMP_END = 0x2C;

    private HprofRecordScan() {
    }

    /**
     * What the scan found: warnings (possibly empty), the number of heap dumps in the file, counted as MAT's
     * parser counts them (each HEAP DUMP record is one, and so is each run of HEAP DUMP SEGMENTs closed by a
     * HEAP DUMP END; the JVMTI hprof agent writes one heap per dump request into the same file), and the census of
     * what they hold.
     */
    record Result(List<String> warnings, int heaps, HprofCensus census) {
    }

    /** Scans the file; throws when it is truncated or corrupt. */
    static Result check(Path file, HprofHeader header, String what) throws IOException, DumpException {
        return check(file, header, what, null, null);
    }

    /**
     * {@link #check(Path, HprofHeader, String)} that also tells {@code sink} every object it passes (null: no one)
     * and {@code read} the share of the file it has read, every 4 MiB or so (null: no one).
     */
    static Result check(Path file, HprofHeader header, String what, HeapRecordCheck.ObjectSink sink,
                        java.util.function.DoubleConsumer read) throws IOException, DumpException {
        List<String> warnings = new ArrayList<>();
        int heaps = 0;
        boolean openSegments = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = header.length();
            RecordReader in = new RecordReader(ch, pos, header.identifierSize());
            RecordLinks links = new RecordLinks(what);
            HeapRecordCheck heap = new HeapRecordCheck(in, what, sink, links);
            long records = 0;
            boolean heapSeen = false;
            while (pos < size) {
                if (size - pos < 9) {
                    throw new DumpException("truncated dump " + what + ": the file ends inside the header of record "
                            + (records + 1) + " at offset " + pos + " (" + percent(pos, size) + ")");
                }
                in.seek(pos);
                int tag = in.u1();
                in.u4();
                long length = in.u4();
                if (!knownTag(tag)) {
                    throw new DumpException("corrupt dump " + what + ": expected an HPROF record at offset " + pos
                            + " but found tag 0x" + Integer.toHexString(tag)
                            + " (the file may be truncated and padded, or not a complete dump)");
                }
                long end = pos + 9 + length;
                if (end > size) {
                    throw new DumpException("truncated dump " + what + ": record " + (records + 1) + " ("
                            + tagName(tag) + ") at offset " + pos + " needs " + length + " bytes but the file ends "
                            + (end - size) + " bytes short, at " + size + " bytes; take the dump again and "
                            + "check that the disk did not fill up");
                }
                checkLength(in, tag, length, header.identifierSize(), records + 1, pos, what);
                links(in, tag, pos, links);
                heapSeen |= tag == TAG_HEAP_DUMP || tag == TAG_HEAP_DUMP_SEGMENT;
                if (tag == TAG_HEAP_DUMP || tag == TAG_HEAP_DUMP_SEGMENT) {
                    in.seek(pos + 9);
                    heap.check(records + 1, pos, tag, end);
                }
                if (tag == TAG_HEAP_DUMP || tag == TAG_HEAP_DUMP_END) {
                    heap.endHeap();
                    heaps++;
                    openSegments = false;
                } else if (tag == TAG_HEAP_DUMP_SEGMENT) {
                    openSegments = true;
                }
                records++;
                if (read != null && (end >> 22) != (pos >> 22)) {
                    read.accept((double) end / size);
                }
                pos = end;
            }
            if (!heapSeen) {
                throw new DumpException("no heap in dump " + what + ": expected HEAP DUMP records but found only "
                        + records + " other records (a CPU-profile or truncated HPROF file?)");
            }
            if (openSegments && heaps > 0) {
                warnings.add("the dump " + what + " ends inside heap dump " + (heaps + 1) + " (no HEAP DUMP END record "
                        + "after its segments); only the " + heaps + " complete heap" + (heaps == 1 ? "" : "s")
                        + " before it can be analysed");
            } else if (openSegments) {
                // MAT's core counts a heap only at its HEAP DUMP END; without one it finds no heap at all.
                throw new DumpException("truncated dump " + what + ": expected a HEAP DUMP END record but the file ends "
                        + "after " + records + " complete records (" + size + " bytes); take the dump again and check "
                        + "that the disk did not fill up");
            }
            warnings.addAll(links.finish());
            return new Result(warnings, heaps, heap.census());
        }
    }

    /**
     * Records whose length the identifier size gives: LOAD CLASS and STACK FRAME have a fixed length, a STACK TRACE
     * as many identifiers as it says it has frames, a UTF8 string at least its identifier. A file whose header names
     * the wrong identifier size (edited, or written by a broken tool) fails here in words instead of deep in a parser.
     */
    private static void checkLength(RecordReader in, int tag, long length, int idSize, long record, long pos,
                                    String what) throws IOException, DumpException {
        long expected;
        long other;
        int otherSize = idSize == 8 ? 4 : 8;
        if (tag == 0x02) {
            expected = 8 + 2L * idSize;
            other = 8 + 2L * otherSize;
        } else if (tag == 0x04) {
            expected = 8 + 4L * idSize;
            other = 8 + 4L * otherSize;
        } else if (tag == 0x05 && length >= 12) {
            in.seek(pos + 9 + 8);
            long frames = in.u4();
            expected = 12 + frames * idSize;
            other = 12 + frames * otherSize;
        } else if (tag == 0x05 || tag == 0x01 && length < idSize) {
            throw new DumpException("corrupt dump " + what + ": record " + record + " (" + tagName(tag) + ") at offset "
                    + pos + " is " + length + " bytes long, too short for its fixed fields (" + (tag == 0x05 ? 12
                    : idSize) + " bytes)");
        } else {
            return;
        }
        if (length != expected) {
            throw new DumpException("corrupt dump " + what + ": the header says identifiers are " + idSize
                    + " bytes, but record " + record + " (" + tagName(tag) + ") at offset " + pos + " is " + length
                    + " bytes long, " + (length == other ? "which fits " + otherSize + "-byte identifiers: the header "
                    + "was changed or the tool that wrote the dump is broken" : "expected " + expected)
                    + "; take the dump again with jcmd or jmap");
        }
    }

    /** Tells {@code links} what a UTF8, LOAD CLASS, STACK FRAME or STACK TRACE record defines and refers to. */
    private static void links(RecordReader in, int tag, long pos, RecordLinks links) throws IOException {
        if (tag != 0x01 && tag != 0x02 && tag != 0x04 && tag != 0x05) {
            return;
        }
        in.seek(pos + 9);
        switch (tag) {
            case 0x01 -> links.string(in.id());
            case 0x02 -> {
                in.u4();
                long cls = in.id();
                in.u4();
                links.loadClass(cls, in.id(), pos);
            }
            case 0x04 -> links.stackFrame(in.id(), in.id(), in.id(), in.id(), pos);
            default -> {
                long serial = in.u4();
                in.u4();
                long frames = in.u4();
                links.stackTrace(serial, 0, pos);
                for (long f = 0; f < frames; f++) {
                    links.stackTrace(serial, in.id(), pos);
                }
            }
        }
    }

    private static boolean knownTag(int tag) {
        return tag >= 0x01 && tag <= 0x0E || tag == TAG_HEAP_DUMP_SEGMENT || tag == TAG_HEAP_DUMP_END;
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 0x01 -> "UTF8 string";
            case 0x02 -> "LOAD CLASS";
            case 0x04 -> "STACK FRAME";
            case 0x05 -> "STACK TRACE";
            case TAG_HEAP_DUMP -> "HEAP DUMP";
            case TAG_HEAP_DUMP_SEGMENT -> "HEAP DUMP SEGMENT";
            default -> "tag 0x" + Integer.toHexString(tag);
        };
    }

    private static String percent(long pos, long size) {
        return String.format(java.util.Locale.ROOT, "%.0f%% into the file", 100.0 * pos / Math.max(1, size));
    }
}
