package dev.heaptriage.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a small HPROF 1.0.2 heap whose identifier size and object addresses the test chooses: what no JVM on this
 * machine can be made to write, e.g. a heap whose gaps no HotSpot layout explains (as a non-HotSpot VM's would), or
 * the dump of a 32-bit JVM. It holds the classes MAT needs ({@code java.lang.Object}, {@code java.lang.Class},
 * {@code java.lang.ClassLoader}), the classes the test declares, and the objects it places, each a GC root. Class
 * objects sit at {@code 0x1000}, {@code 0x1100}, ... below the objects. For loader tests only: detectors are tested on
 * real dumps.
 */
public final class SyntheticHprof {
    /** HPROF basic types. */
    public static final int OBJECT = 2;
    public static final int CHAR = 5;
    public static final int INT = 10;
    public static final int LONG = 11;

    private final int id;
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(records);
    private final ByteArrayOutputStream heap = new ByteArrayOutputStream();
    private final DataOutputStream d = new DataOutputStream(heap);
    private final Map<String, Long> classes = new HashMap<>();
    private final Map<Long, Integer> fieldBytes = new HashMap<>();
    private long nextStringId = 1;
    private long nextClass = 0x1000;
    private int serial = 1;

    private SyntheticHprof(int identifierSize) {
        this.id = identifierSize;
        klass("java.lang.Object", null);
        klass("java.lang.Class", "java.lang.Object");
        klass("java.lang.ClassLoader", "java.lang.Object");
    }

    /** A heap with {@code identifierSize}-byte identifiers (4 or 8) and the classes MAT needs. */
    public static SyntheticHprof withIdentifiers(int identifierSize) {
        return new SyntheticHprof(identifierSize);
    }

    /**
     * {@code count} instances of {@code synthetic.Node { int value; Object next; }} with 8-byte identifiers, the
     * first at {@code 0x100000} and each next one {@code gaps[i % gaps.length]} bytes further.
     */
    public static Path write(Path file, int count, long... gaps) throws IOException {
        SyntheticHprof h = withIdentifiers(8);
        h.klass("synthetic.Node", "java.lang.Object", "value", INT, "next", OBJECT);
        long address = 0x100000;
        for (int i = 0; i < count; i++) {
            h.instance("synthetic.Node", address);
            address += gaps[i % gaps.length];
        }
        return h.write(file);
    }

    /** Declares a class with the given instance fields, as (name, HPROF basic type) pairs; returns its id. */
    public long klass(String name, String superName, Object... fields) {
        try {
            long classId = nextClass;
            nextClass += 0x100;
            long superId = superName == null ? 0 : classes.get(superName);
            loadClass(classId, name);
            d.writeByte(0x20); // CLASS DUMP
            writeId(d, classId);
            d.writeInt(0);
            writeId(d, superId);
            for (int i = 0; i < 5; i++) {
                writeId(d, 0); // class loader, signers, protection domain, two reserved
            }
            int bytes = 0;
            for (int i = 1; i < fields.length; i += 2) {
                bytes += size((Integer) fields[i]);
            }
            d.writeInt(bytes);
            d.writeShort(0); // constant pool
            d.writeShort(0); // statics
            d.writeShort(fields.length / 2);
            for (int i = 0; i < fields.length; i += 2) {
                writeId(d, string((String) fields[i]));
                d.writeByte((Integer) fields[i + 1]);
            }
            d.writeByte(0x05); // ROOT STICKY CLASS
            writeId(d, classId);
            classes.put(name, classId);
            fieldBytes.put(classId, bytes + (superId == 0 ? 0 : fieldBytes.get(superId)));
            return classId;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instance of {@code className} at {@code address}, every field zero, held by a GC root. */
    public void instance(String className, long address) {
        try {
            long classId = classes.get(className);
            root(address);
            d.writeByte(0x21); // INSTANCE DUMP
            writeId(d, address);
            d.writeInt(0);
            writeId(d, classId);
            int bytes = fieldBytes.get(classId);
            d.writeInt(bytes);
            d.write(new byte[bytes]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A primitive array of HPROF basic {@code type} and {@code length} at {@code address}, held by a GC root. */
    public void primitiveArray(int type, long address, int length) {
        try {
            root(address);
            d.writeByte(0x23); // PRIMITIVE ARRAY DUMP
            writeId(d, address);
            d.writeInt(0);
            d.writeInt(length);
            d.writeByte(type);
            d.write(new byte[length * size(type)]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path write(Path file) throws IOException {
        record(0x1C, heap.toByteArray());
        record(0x2C, new byte[0]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(bytes);
        f.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
        f.writeInt(id);
        f.writeLong(1_700_000_000_000L);
        f.write(records.toByteArray());
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private void root(long address) throws IOException {
        d.writeByte(0xFF); // ROOT UNKNOWN
        writeId(d, address);
    }

    private int size(int type) {
        return switch (type) {
            case OBJECT -> id;
            case 4, 8 -> 1;
            case CHAR, 9 -> 2;
            case 6, INT -> 4;
            default -> 8;
        };
    }

    private void writeId(DataOutputStream to, long value) throws IOException {
        if (id == 8) {
            to.writeLong(value);
        } else {
            to.writeInt((int) value);
        }
    }

    private void loadClass(long classId, String name) throws IOException {
        long nameId = string(name);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(b);
        l.writeInt(serial++);
        writeId(l, classId);
        l.writeInt(0);
        writeId(l, nameId);
        record(0x02, b.toByteArray());
    }

    private long string(String s) throws IOException {
        long stringId = nextStringId++;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream u = new DataOutputStream(b);
        writeId(u, stringId);
        u.write(s.getBytes(StandardCharsets.UTF_8));
        record(0x01, b.toByteArray());
        return stringId;
    }

    private void record(int tag, byte[] body) throws IOException {
        out.writeByte(tag);
        out.writeInt(0);
        out.writeInt(body.length);
        out.write(body);
    }
}
