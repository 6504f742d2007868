package dev.heaptriage.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The record structure of a well-formed HPROF file held in memory, for tests that take a real dump apart: the
 * fuzz harness's mutations and the identifier rewrite. Top-level records and the sub-records of heap dump records
 * are located by offset; nothing is decoded beyond what finding their ends needs. Throws on a malformed file: its
 * input is always a dump a JVM wrote.
 */
public final class HprofStructure {
    public static final int HEAP_DUMP = 0x0C;
    public static final int HEAP_DUMP_SEGMENT = 0x1C;
    public static final int HEAP_DUMP_END = 0x2C;
    public static final int ROOT_THREAD_OBJ = 0x08;
    public static final int ROOT_JAVA_FRAME = 0x03;
    public static final int CLASS_DUMP = 0x20;
    public static final int INSTANCE_DUMP = 0x21;
    public static final int OBJECT_ARRAY = 0x22;
    public static final int PRIMITIVE_ARRAY = 0x23;

    /** A top-level record: its tag, where it starts (its tag byte) and the length of its body (after 9 bytes). */
    public record Record(int tag, int offset, int length) {
        public int bodyOffset() {
            return offset + 9;
        }

        public int end() {
            return offset + 9 + length;
        }
    }

    /** A heap sub-record inside top-level record {@code record}: its tag, where it starts and its whole length. */
    public record SubRecord(int tag, int offset, int length, int record) {
        public int end() {
            return offset + length;
        }
    }

    public final byte[] bytes;
    public final int idSize;
    public final int headerLength;
    public final List<Record> records = new ArrayList<>();
    public final List<SubRecord> subRecords = new ArrayList<>();

    private HprofStructure(byte[] bytes) {
        this.bytes = bytes;
        int nul = 0;
        while (bytes[nul] != 0) {
            nul++;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        this.idSize = b.getInt(nul + 1);
        this.headerLength = nul + 13;
        int pos = headerLength;
        while (pos < bytes.length) {
            int tag = bytes[pos] & 0xff;
            int length = b.getInt(pos + 5);
            Record r = new Record(tag, pos, length);
            if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
                int sub = r.bodyOffset();
                while (sub < r.end()) {
                    int len = subRecordLength(b, sub);
                    subRecords.add(new SubRecord(bytes[sub] & 0xff, sub, len, records.size()));
                    sub += len;
                }
            }
            records.add(r);
            pos = r.end();
        }
    }

    public static HprofStructure of(byte[] bytes) {
        return new HprofStructure(bytes);
    }

    /** The whole length of the heap sub-record at {@code at}, tag included. */
    int subRecordLength(ByteBuffer b, int at) {
        int tag = b.get(at) & 0xff;
        int id = idSize;
        return switch (tag) {
            case 0xFF, 0x05, 0x07 -> 1 + id;
            case 0x01 -> 1 + 2 * id;
            case 0x02, 0x03, 0x08 -> 1 + id + 8;
            case 0x04, 0x06 -> 1 + id + 4;
            case CLASS_DUMP -> classDumpLength(b, at);
            case INSTANCE_DUMP -> 1 + 2 * id + 8 + b.getInt(at + 1 + 2 * id + 4);
            case OBJECT_ARRAY -> 1 + 2 * id + 8 + b.getInt(at + 1 + id + 4) * id;
            case PRIMITIVE_ARRAY -> 1 + id + 9 + b.getInt(at + 1 + id + 4) * typeSize(b.get(at + 1 + id + 8));
            default -> throw new IllegalArgumentException("unknown heap sub-record 0x" + Integer.toHexString(tag)
                    + " at offset " + at);
        };
    }

    private int classDumpLength(ByteBuffer b, int at) {
        int p = fieldsOffset(at);
        return p + 2 + (b.getShort(p) & 0xffff) * (idSize + 1) - at;
    }

    /** The offset of the instance-field count (a u2, then the fields) of the class dump at {@code at}. */
    public int fieldsOffset(int at) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int p = at + 1 + idSize + 4 + 6 * idSize + 4;
        int constants = b.getShort(p) & 0xffff;
        p += 2;
        for (int i = 0; i < constants; i++) {
            p += 3 + typeSize(b.get(p + 2));
        }
        int statics = b.getShort(p) & 0xffff;
        p += 2;
        for (int i = 0; i < statics; i++) {
            p += idSize + 1 + typeSize(b.get(p + idSize));
        }
        return p;
    }

    private int id() {
        return idSize;
    }

    /** Bytes of a value of HPROF basic type {@code type} (2 is an object reference). */
    public int typeSize(int type) {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IllegalArgumentException("unknown basic type " + type);
        };
    }

    /** The object id stored at {@code at}. */
    public long id(int at) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return idSize == 8 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
    }

    /** The sub-records with tag {@code tag}. */
    public List<SubRecord> subRecords(int tag) {
        return subRecords.stream().filter(s -> s.tag() == tag).toList();
    }

    /** The sub-record that dumps the object {@code id} (instance, array or class), or null. */
    public SubRecord objectRecord(long id) {
        for (SubRecord s : subRecords) {
            if ((s.tag() == INSTANCE_DUMP || s.tag() == OBJECT_ARRAY || s.tag() == PRIMITIVE_ARRAY
                    || s.tag() == CLASS_DUMP) && id(s.offset() + 1) == id) {
                return s;
            }
        }
        return null;
    }
}
