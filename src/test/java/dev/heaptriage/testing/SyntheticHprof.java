package dev.heaptriage.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small HPROF 1.0.2 heap whose object addresses the test chooses: what no real JVM can be made to write,
 * e.g. a heap whose gaps no HotSpot layout explains (as a non-HotSpot VM's would). It holds the classes MAT needs
 * ({@code java.lang.Object}, {@code java.lang.Class}, {@code java.lang.ClassLoader}) and {@code count} instances of
 * {@code synthetic.Node { int value; Object next; }}, each a GC root, the first at {@code 0x100000} and each next one
 * {@code gaps[i % gaps.length]} bytes further. For loader tests only: detectors are tested on real dumps.
 */
public final class SyntheticHprof {
    private static final int ID = 8;
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(records);
    private long nextStringId = 1;

    private SyntheticHprof() {
    }

    public static Path write(Path file, int count, long... gaps) throws IOException {
        SyntheticHprof h = new SyntheticHprof();
        long object = 0x1000, javaLangClass = 0x1100, loader = 0x1200, node = 0x1300;
        h.loadClass(1, object, "java.lang.Object");
        h.loadClass(2, javaLangClass, "java.lang.Class");
        h.loadClass(3, loader, "java.lang.ClassLoader");
        h.loadClass(4, node, "synthetic.Node");
        long value = h.string("value");
        long next = h.string("next");
        ByteArrayOutputStream heap = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(heap);
        classDump(d, object, 0, 0);
        classDump(d, javaLangClass, object, 0);
        classDump(d, loader, object, 0);
        classDump(d, node, object, 12, value, 10, next, 2);
        for (long c : new long[] {object, javaLangClass, loader, node}) {
            d.writeByte(0x05); // ROOT STICKY CLASS
            d.writeLong(c);
        }
        long address = 0x100000;
        for (int i = 0; i < count; i++) {
            d.writeByte(0xFF); // ROOT UNKNOWN
            d.writeLong(address);
            d.writeByte(0x21); // INSTANCE DUMP: id, stack serial, class, field bytes, fields (int, then the ref)
            d.writeLong(address);
            d.writeInt(0);
            d.writeLong(node);
            d.writeInt(4 + ID);
            d.writeInt(i);
            d.writeLong(0);
            address += gaps[i % gaps.length];
        }
        h.record(0x1C, heap.toByteArray());
        h.record(0x2C, new byte[0]);
        ByteArrayOutputStream file2 = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(file2);
        f.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
        f.writeInt(ID);
        f.writeLong(1_700_000_000_000L);
        f.write(h.records.toByteArray());
        Files.write(file, file2.toByteArray());
        return file;
    }

    /** CLASS DUMP with no statics and the given instance fields as (name string id, HPROF type) pairs. */
    private static void classDump(DataOutputStream d, long id, long superId, int instanceSize, long... fields)
            throws IOException {
        d.writeByte(0x20);
        d.writeLong(id);
        d.writeInt(0);
        d.writeLong(superId);
        for (int i = 0; i < 5; i++) {
            d.writeLong(0); // class loader, signers, protection domain, two reserved
        }
        d.writeInt(instanceSize);
        d.writeShort(0); // constant pool
        d.writeShort(0); // statics
        d.writeShort(fields.length / 2);
        for (int i = 0; i < fields.length; i += 2) {
            d.writeLong(fields[i]);
            d.writeByte((int) fields[i + 1]);
        }
    }

    private void loadClass(int serial, long classId, String name) throws IOException {
        long nameId = string(name);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(serial);
        d.writeLong(classId);
        d.writeInt(0);
        d.writeLong(nameId);
        record(0x02, b.toByteArray());
    }

    private long string(String s) throws IOException {
        long id = nextStringId++;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeLong(id);
        d.write(s.getBytes(StandardCharsets.UTF_8));
        record(0x01, b.toByteArray());
        return id;
    }

    private void record(int tag, byte[] body) throws IOException {
        out.writeByte(tag);
        out.writeInt(0);
        out.writeInt(body.length);
        out.write(body);
    }
}
