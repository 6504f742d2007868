package dev.heaptriage.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the top-level records of an HPROF file by their length fields only (no bodies are read), before MAT sees
 * the file: a dump cut short by a full disk or a killed process fails here with a clear message instead of deep
 * inside the parser. It reads a few bytes per record, so even a multi-GB dump takes well under a second.
 */
final class HprofRecordScan {
    private static final int TAG_HEAP_DUMP = 0x0C;
    private static final int TAG_HEAP_DUMP_SEGMENT = 0x1C;
    private static final int TAG_HEAP_DUMP_END = 0x2C;

    private HprofRecordScan() {
    }

    /**
     * What the scan found: warnings (possibly empty) and the number of heap dumps in the file, counted as MAT's
     * parser counts them (each HEAP DUMP record is one, and so is each run of HEAP DUMP SEGMENTs closed by a
     * HEAP DUMP END). The JVMTI hprof agent writes one heap per dump request into the same file.
     */
    record Result(List<String> warnings, int heaps) {
    }

    /** Scans the file; throws when it is truncated or corrupt. */
    static Result check(Path file, HprofHeader header, String what) throws IOException, DumpException {
        List<String> warnings = new ArrayList<>();
        int heaps = 0;
        boolean openSegments = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = header.length();
            ByteBuffer rec = ByteBuffer.allocate(9);
            long records = 0;
            boolean heapSeen = false;
            while (pos < size) {
                rec.clear();
                while (rec.hasRemaining()) {
                    int n = ch.read(rec, pos + rec.position());
                    if (n < 0) {
                        break;
                    }
                }
                if (rec.position() < 9) {
                    throw new DumpException("truncated dump " + what + ": the file ends inside the header of record "
                            + (records + 1) + " at offset " + pos + " (" + percent(pos, size) + ")");
                }
                int tag = rec.get(0) & 0xff;
                long length = Integer.toUnsignedLong(rec.getInt(5));
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
                checkIdentifierSize(tag, length, header.identifierSize(), records + 1, pos, what);
                heapSeen |= tag == TAG_HEAP_DUMP || tag == TAG_HEAP_DUMP_SEGMENT;
                if (tag == TAG_HEAP_DUMP || tag == TAG_HEAP_DUMP_END) {
                    heaps++;
                    openSegments = false;
                } else if (tag == TAG_HEAP_DUMP_SEGMENT) {
                    openSegments = true;
                }
                records++;
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
        }
        return new Result(warnings, heaps);
    }

    /**
     * LOAD CLASS and STACK FRAME records have a fixed length given by the identifier size: a file whose header
     * names the wrong size (edited, or written by a broken tool) fails here in words instead of deep in MAT.
     */
    private static void checkIdentifierSize(int tag, long length, int idSize, long record, long pos, String what)
            throws DumpException {
        long expected;
        long other;
        int otherSize = idSize == 8 ? 4 : 8;
        if (tag == 0x02) {
            expected = 8 + 2L * idSize;
            other = 8 + 2L * otherSize;
        } else if (tag == 0x04) {
            expected = 8 + 4L * idSize;
            other = 8 + 4L * otherSize;
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
