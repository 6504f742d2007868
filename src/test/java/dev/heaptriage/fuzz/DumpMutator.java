package dev.heaptriage.fuzz;

import dev.heaptriage.testing.HprofStructure;
import dev.heaptriage.testing.HprofStructure.Record;
import dev.heaptriage.testing.HprofStructure.SubRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/**
 * Makes damaged copies of a real dump, each from a {@link Random} the caller seeds, so a failing case is made again
 * from its seed. The kinds are what damage looks like in the field and what a parser trips on: flipped bytes (half
 * of them in record headers, where they matter), truncation, removed and duplicated records and heap sub-records
 * (the enclosing record's length fixed up, or not), huge length fields, a changed identifier size, a primitive array
 * whose length runs past its record, and a dump whose thread object or a frame's local is missing.
 */
public final class DumpMutator {
    /** A damaged dump and what was done to it, in words (for the report of a failing case). */
    public record Mutant(String kind, String description, byte[] bytes) {
    }

    private enum Kind {
        FLIP(20), TRUNCATE(10), REMOVE(14), DUPLICATE(10), HUGE_LENGTH(16), ID_SIZE(5), ARRAY_OVERRUN(10),
        MISSING_THREAD(8), MISSING_LOCAL(7);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** The kinds a {@link Mutant} names (a missing thread object and a missing local are both "missing-object"). */
    public static final java.util.Set<String> KINDS = java.util.Set.of("flip", "truncate", "remove", "duplicate",
            "huge-length", "id-size", "array-overrun", "missing-object");

    private final HprofStructure dump;
    private final byte[] bytes;

    public DumpMutator(byte[] seed) {
        this.dump = HprofStructure.of(seed);
        this.bytes = seed;
    }

    public Mutant mutate(Random r) {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.weight;
        }
        int pick = r.nextInt(total);
        Kind kind = Kind.FLIP;
        for (Kind k : Kind.values()) {
            if (pick < k.weight) {
                kind = k;
                break;
            }
            pick -= k.weight;
        }
        return switch (kind) {
            case FLIP -> flip(r);
            case TRUNCATE -> truncate(r);
            case REMOVE -> removeOrDuplicate(r, false);
            case DUPLICATE -> removeOrDuplicate(r, true);
            case HUGE_LENGTH -> hugeLength(r);
            case ID_SIZE -> idSize(r);
            case ARRAY_OVERRUN -> arrayOverrun(r);
            case MISSING_THREAD -> missingTarget(r, HprofStructure.ROOT_THREAD_OBJ, "thread object");
            case MISSING_LOCAL -> missingTarget(r, HprofStructure.ROOT_JAVA_FRAME, "frame's local");
        };
    }

    private Mutant flip(Random r) {
        byte[] out = bytes.clone();
        int n = 1 + r.nextInt(4);
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int at;
            if (r.nextBoolean()) {
                at = dump.headerLength + r.nextInt(out.length - dump.headerLength);
            } else if (r.nextInt(4) == 0) {
                Record rec = dump.records.get(r.nextInt(dump.records.size()));
                at = rec.offset() + r.nextInt(9);
            } else {
                SubRecord s = dump.subRecords.get(r.nextInt(dump.subRecords.size()));
                at = s.offset() + r.nextInt(Math.min(s.length(), 1 + 2 * dump.idSize + 9));
            }
            int mask = r.nextBoolean() ? 1 << r.nextInt(8) : 1 + r.nextInt(255);
            out[at] ^= (byte) mask;
            what.append(i == 0 ? "" : ", ").append(String.format("0x%02x at %d", mask, at));
        }
        return new Mutant("flip", "bytes xor " + what, out);
    }

    private Mutant truncate(Random r) {
        int cut = 1 + r.nextInt(bytes.length - 1);
        return new Mutant("truncate", "cut at " + cut + " of " + bytes.length, java.util.Arrays.copyOf(bytes, cut));
    }

    /** Removes or duplicates a top-level record or a heap sub-record (then fixing its record's length, mostly). */
    private Mutant removeOrDuplicate(Random r, boolean duplicate) {
        String verb = duplicate ? "duplicate" : "remove";
        if (r.nextInt(3) == 0) {
            Record rec = dump.records.get(r.nextInt(dump.records.size()));
            byte[] out = duplicate ? insert(bytes, rec.end(), slice(rec.offset(), rec.end()))
                    : cut(bytes, rec.offset(), rec.end());
            return new Mutant(verb, verb + " record tag 0x" + Integer.toHexString(rec.tag()) + " at " + rec.offset(),
                    out);
        }
        SubRecord s = dump.subRecords.get(r.nextInt(dump.subRecords.size()));
        boolean fix = r.nextInt(10) != 0;
        return new Mutant(verb, verb + " sub-record 0x" + Integer.toHexString(s.tag()) + " at " + s.offset()
                + (fix ? "" : " (record length not fixed)"), editSub(s, duplicate, fix));
    }

    private byte[] editSub(SubRecord s, boolean duplicate, boolean fixLength) {
        byte[] out = duplicate ? insert(bytes, s.end(), slice(s.offset(), s.end())) : cut(bytes, s.offset(), s.end());
        if (fixLength) {
            Record rec = dump.records.get(s.record());
            ByteBuffer b = ByteBuffer.wrap(out);
            b.putInt(rec.offset() + 5, rec.length() + (duplicate ? s.length() : -s.length()));
        }
        return out;
    }

    private Mutant hugeLength(Random r) {
        byte[] out = bytes.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        int value = switch (r.nextInt(4)) {
            case 0 -> 0xFFFFFFFF;
            case 1 -> 0x7FFFFFFF;
            case 2 -> 0x80000000;
            default -> (1 << 24) + r.nextInt(Integer.MAX_VALUE - (1 << 24));
        };
        int id = dump.idSize;
        int target = r.nextInt(5);
        if (target == 0) {
            Record rec = dump.records.get(r.nextInt(dump.records.size()));
            b.putInt(rec.offset() + 5, value);
            return new Mutant("huge-length", "record at " + rec.offset() + " length 0x" + Integer.toHexString(value),
                    out);
        }
        int tag = switch (target) {
            case 1 -> HprofStructure.PRIMITIVE_ARRAY;
            case 2 -> HprofStructure.OBJECT_ARRAY;
            case 3 -> HprofStructure.INSTANCE_DUMP;
            default -> HprofStructure.CLASS_DUMP;
        };
        List<SubRecord> candidates = dump.subRecords(tag);
        SubRecord s = candidates.get(r.nextInt(candidates.size()));
        if (tag == HprofStructure.CLASS_DUMP) {
            // The instance-field count, the last u2 before the field descriptors: at most 0xFFFF.
            int fieldsAt = s.end() - 2 - countFields(s) * (id + 1);
            b.putShort(fieldsAt, (short) 0xFFFF);
            return new Mutant("huge-length", "class dump at " + s.offset() + " field count 0xffff", out);
        }
        int at = tag == HprofStructure.INSTANCE_DUMP ? s.offset() + 1 + 2 * id + 4 : s.offset() + 1 + id + 4;
        b.putInt(at, value);
        return new Mutant("huge-length", "sub-record 0x" + Integer.toHexString(tag) + " at " + s.offset()
                + " length 0x" + Integer.toHexString(value), out);
    }

    private int countFields(SubRecord s) {
        return ByteBuffer.wrap(bytes).getShort(dump.fieldsOffset(s.offset())) & 0xffff;
    }

    private Mutant idSize(Random r) {
        byte[] out = bytes.clone();
        int[] sizes = {dump.idSize == 8 ? 4 : 8, dump.idSize == 8 ? 4 : 8, 0, 2, 16, -1};
        int size = sizes[r.nextInt(sizes.length)];
        ByteBuffer.wrap(out).putInt(dump.headerLength - 12, size);
        return new Mutant("id-size", "identifier size " + dump.idSize + " -> " + Integer.toUnsignedString(size), out);
    }

    /** A primitive array whose length runs past its record, or by a little (the parse then falls out of step). */
    private Mutant arrayOverrun(Random r) {
        List<SubRecord> arrays = dump.subRecords(HprofStructure.PRIMITIVE_ARRAY);
        SubRecord s = arrays.get(r.nextInt(arrays.size()));
        byte[] out = bytes.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        int at = s.offset() + 1 + dump.idSize + 4;
        int length = b.getInt(at);
        int element = dump.typeSize(out[at + 4]);
        Record rec = dump.records.get(s.record());
        int added = r.nextBoolean() ? 1 + r.nextInt(16)
                : (rec.end() - s.end()) / element + 1 + r.nextInt(1024);
        b.putInt(at, length + added);
        return new Mutant("array-overrun", "primitive array at " + s.offset() + " length " + length + " -> "
                + (length + added), out);
    }

    /** Removes the object a root of kind {@code rootTag} points at, so the dump refers to an object it lacks. */
    private Mutant missingTarget(Random r, int rootTag, String what) {
        List<SubRecord> roots = dump.subRecords(rootTag);
        if (roots.isEmpty()) {
            return flip(r);
        }
        for (int tries = 0; tries < 20; tries++) {
            SubRecord root = roots.get(r.nextInt(roots.size()));
            SubRecord target = dump.objectRecord(dump.id(root.offset() + 1));
            if (target != null && target.tag() != HprofStructure.CLASS_DUMP) {
                return new Mutant("missing-object", "remove the " + what + " at " + target.offset()
                        + " (root at " + root.offset() + ")", editSub(target, false, true));
            }
        }
        return flip(r);
    }

    private byte[] slice(int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] cut(byte[] in, int from, int to) {
        byte[] out = new byte[in.length - (to - from)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, to, out, from, in.length - to);
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte[] piece) {
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }
}
