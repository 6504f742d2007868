package dev.heaptriage.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites a dump a 64-bit HotSpot JVM wrote (8-byte identifiers) with 4-byte identifiers, as the JDK 6 JVMTI hprof
 * agent wrote the dumps of 64-bit JVMs: the same heap, objects and addresses, every identifier field 4 bytes wide.
 * Object ids are the objects' addresses and must fit 32 bits (a heap below 4 GB, as the tests' {@code -Xmx512m} JVMs
 * with compressed oops have it); names (UTF8 ids, which HotSpot takes from symbol addresses) and stack frame ids are
 * renumbered from 1. Instance field data and the lengths of records are rewritten to match.
 */
public final class FourByteIds {
    private final HprofStructure in;
    private final ByteBuffer b;
    private final Map<Long, Long> strings = new HashMap<>();
    private final Map<Long, Long> frames = new HashMap<>();
    /** Per class id: its superclass id and the HPROF types of its own instance fields, in the dump's order. */
    private final Map<Long, long[]> supers = new HashMap<>();
    private final Map<Long, int[]> fieldTypes = new HashMap<>();

    private FourByteIds(byte[] dump) {
        this.in = HprofStructure.of(dump);
        this.b = ByteBuffer.wrap(dump);
        if (in.idSize != 8) {
            throw new IllegalArgumentException("the dump already has " + in.idSize + "-byte identifiers");
        }
    }

    /** Writes {@code from} rewritten to {@code to}. */
    public static Path rewrite(Path from, Path to) throws IOException {
        Files.write(to, of(Files.readAllBytes(from)));
        return to;
    }

    public static byte[] of(byte[] dump) throws IOException {
        return new FourByteIds(dump).rewrite();
    }

    private byte[] rewrite() throws IOException {
        for (HprofStructure.SubRecord s : in.subRecords(HprofStructure.CLASS_DUMP)) {
            readClass(s.offset());
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream(in.bytes.length);
        file.write(in.bytes, 0, in.headerLength - 12);
        DataOutputStream f = new DataOutputStream(file);
        f.writeInt(4);
        f.write(in.bytes, in.headerLength - 8, 8);
        int sub = 0;
        for (HprofStructure.Record r : in.records) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(r.length());
            DataOutputStream d = new DataOutputStream(body);
            int p = r.bodyOffset();
            switch (r.tag()) {
                case 0x01 -> {
                    d.writeInt((int) string(b.getLong(p)));
                    d.write(in.bytes, p + 8, r.length() - 8);
                }
                case 0x02 -> {
                    d.writeInt(b.getInt(p));
                    d.writeInt(object(b.getLong(p + 4)));
                    d.writeInt(b.getInt(p + 12));
                    d.writeInt((int) string(b.getLong(p + 16)));
                }
                case 0x04 -> {
                    d.writeInt((int) frame(b.getLong(p)));
                    for (int i = 0; i < 3; i++) {
                        long s = b.getLong(p + 8 + 8 * i);
                        d.writeInt(s == 0 ? 0 : (int) string(s));
                    }
                    d.write(in.bytes, p + 32, 8);
                }
                case 0x05 -> {
                    d.write(in.bytes, p, 12);
                    int n = b.getInt(p + 8);
                    for (int i = 0; i < n; i++) {
                        d.writeInt((int) frame(b.getLong(p + 12 + 8 * i)));
                    }
                }
                case HprofStructure.HEAP_DUMP, HprofStructure.HEAP_DUMP_SEGMENT -> {
                    while (sub < in.subRecords.size() && in.subRecords.get(sub).offset() < r.end()) {
                        subRecord(in.subRecords.get(sub++), d);
                    }
                }
                case HprofStructure.HEAP_DUMP_END -> {
                }
                default -> throw new IllegalArgumentException("record tag 0x" + Integer.toHexString(r.tag())
                        + " is not one HotSpot writes");
            }
            f.writeByte(r.tag());
            f.writeInt(b.getInt(r.offset() + 1));
            f.writeInt(body.size());
            body.writeTo(f);
        }
        return file.toByteArray();
    }

    private void readClass(int at) {
        long cls = b.getLong(at + 1);
        long sup = b.getLong(at + 1 + 8 + 4);
        int p = in.fieldsOffset(at);
        int fields = b.getShort(p) & 0xffff;
        p += 2;
        int[] types = new int[fields];
        for (int i = 0; i < fields; i++) {
            types[i] = b.get(p + 8);
            p += 9;
        }
        supers.put(cls, new long[] {sup});
        fieldTypes.put(cls, types);
    }

    private void subRecord(HprofStructure.SubRecord s, DataOutputStream d) throws IOException {
        int p = s.offset();
        int tag = s.tag();
        d.writeByte(tag);
        p++;
        switch (tag) {
            case 0xFF, 0x05, 0x07 -> d.writeInt(object(b.getLong(p)));
            case 0x01 -> { // ROOT JNI GLOBAL: the object, then the JNI handle's own address (renumbered)
                d.writeInt(object(b.getLong(p)));
                d.writeInt((int) frames.computeIfAbsent(-b.getLong(p + 8), k -> (long) frames.size() + 1).longValue());
            }
            case 0x02, 0x03, 0x08, 0x04, 0x06 -> {
                d.writeInt(object(b.getLong(p)));
                d.write(in.bytes, p + 8, s.end() - p - 8);
            }
            case HprofStructure.CLASS_DUMP -> classDump(s, d);
            case HprofStructure.INSTANCE_DUMP -> {
                long cls = b.getLong(p + 12);
                d.writeInt(object(b.getLong(p)));
                d.writeInt(b.getInt(p + 8));
                d.writeInt(object(cls));
                ByteArrayOutputStream fields = new ByteArrayOutputStream();
                DataOutputStream fd = new DataOutputStream(fields);
                int at = p + 24;
                for (long c = cls; c != 0; c = supers.get(c)[0]) {
                    for (int type : fieldTypes.get(c)) {
                        at += value(type, at, fd);
                    }
                }
                d.writeInt(fields.size());
                fields.writeTo(d);
            }
            case HprofStructure.OBJECT_ARRAY -> {
                d.writeInt(object(b.getLong(p)));
                d.writeInt(b.getInt(p + 8));
                int n = b.getInt(p + 12);
                d.writeInt(n);
                d.writeInt(object(b.getLong(p + 16)));
                for (int i = 0; i < n; i++) {
                    d.writeInt(object(b.getLong(p + 24 + 8 * i)));
                }
            }
            case HprofStructure.PRIMITIVE_ARRAY -> {
                d.writeInt(object(b.getLong(p)));
                d.write(in.bytes, p + 8, s.end() - p - 8);
            }
            default -> throw new IllegalArgumentException("heap sub-record 0x" + Integer.toHexString(tag));
        }
    }

    private void classDump(HprofStructure.SubRecord s, DataOutputStream d) throws IOException {
        int p = s.offset() + 1;
        d.writeInt(object(b.getLong(p)));
        d.writeInt(b.getInt(p + 8));
        for (int i = 0; i < 6; i++) {
            d.writeInt(object(b.getLong(p + 12 + 8 * i)));
        }
        long cls = b.getLong(p);
        int size = 0;
        for (int type : fieldTypes.get(cls)) {
            size += type == 2 ? 4 : in.typeSize(type);
        }
        d.writeInt(size); // the instance size in dump bytes, references now 4
        p += 12 + 48 + 4;
        int constants = b.getShort(p) & 0xffff;
        d.writeShort(constants);
        p += 2;
        for (int i = 0; i < constants; i++) {
            d.writeShort(b.getShort(p));
            int type = b.get(p + 2);
            d.writeByte(type);
            p += 3 + value(type, p + 3, d);
        }
        int statics = b.getShort(p) & 0xffff;
        d.writeShort(statics);
        p += 2;
        for (int i = 0; i < statics; i++) {
            d.writeInt((int) string(b.getLong(p)));
            int type = b.get(p + 8);
            d.writeByte(type);
            p += 9 + value(type, p + 9, d);
        }
        int fields = b.getShort(p) & 0xffff;
        d.writeShort(fields);
        p += 2;
        for (int i = 0; i < fields; i++) {
            d.writeInt((int) string(b.getLong(p)));
            d.writeByte(b.get(p + 8));
            p += 9;
        }
    }

    /** Copies the value of {@code type} at {@code at}, a reference narrowed to 4 bytes; returns its old size. */
    private int value(int type, int at, DataOutputStream d) throws IOException {
        if (type == 2) {
            d.writeInt(object(b.getLong(at)));
            return 8;
        }
        int size = in.typeSize(type);
        d.write(in.bytes, at, size);
        return size;
    }

    private int object(long id) {
        if (id >>> 32 != 0) {
            throw new IllegalArgumentException("object 0x" + Long.toHexString(id) + " lies above 4 GB: the dump's "
                    + "addresses do not fit 4-byte identifiers");
        }
        return (int) id;
    }

    private long string(long id) {
        return strings.computeIfAbsent(id, k -> (long) strings.size() + 1);
    }

    private long frame(long id) {
        return frames.computeIfAbsent(id, k -> (long) frames.size() + 1);
    }
}
