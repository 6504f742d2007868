package dev.heaptriage.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a HotSpot JVM lays out objects: the header, the reference width, the object alignment, where array
 * elements start and how instance fields are packed. The JVM does not write this into the dump; {@link
 * LayoutInference} picks the candidate whose sizes match the gaps between neighbouring object addresses.
 *
 * <ul>
 *   <li>{@code headerBytes}: 16 (mark word and a full class pointer), 12 (compressed class pointers, the default
 *       since JDK 6u23 and independent of compressed oops since JDK 15) or 8 (compact object headers, JDK 24+
 *       {@code -XX:+UseCompactObjectHeaders}).</li>
 *   <li>{@code referenceBytes}: 4 with compressed oops (the default below 32 GB heaps), else 8.</li>
 *   <li>{@code alignmentBytes}: {@code -XX:ObjectAlignmentInBytes}, 8 by default.</li>
 *   <li>{@code elementAlignedArrays}: since JDK 22 array elements start right after the 4-byte length, aligned to
 *       their own size; before, at the next multiple of 8. They differ only for 16- and 8-byte headers.</li>
 *   <li>{@code packing}: JDK 15+ {@code FieldLayoutBuilder} or the older {@code ClassFileParser} order.</li>
 * </ul>
 */
record ObjectLayout(int headerBytes, int referenceBytes, int alignmentBytes, boolean elementAlignedArrays,
                    FieldPacking packing) {

    /**
     * Every layout a JVM that writes identifiers of {@code identifierSize} bytes can have, most common first (the
     * order breaks ties). HotSpot's own dumper writes 8-byte identifiers on a 64-bit JVM ({@link #candidates()}) and
     * 4-byte ones on a 32-bit JVM: 8-byte headers, 4-byte references, elements right after the 4-byte length (a
     * {@code long[]}'s at 16), 8-byte alignment, classic field order before JDK 15. The JDK 6 JVMTI hprof agent wrote
     * 4-byte identifiers on 64-bit JVMs too, so their layouts (without JDK 24's compact headers) are candidates as
     * well.
     */
    static List<ObjectLayout> candidates(int identifierSize) {
        if (identifierSize == 8) {
            return candidates();
        }
        List<ObjectLayout> out = new ArrayList<>();
        out.add(new ObjectLayout(8, 4, 8, true, FieldPacking.CLASSIC));
        out.add(new ObjectLayout(8, 4, 8, true, FieldPacking.JDK15));
        for (FieldPacking packing : new FieldPacking[] {FieldPacking.CLASSIC, FieldPacking.JDK15}) {
            for (ObjectLayout l : candidates()) {
                if (l.headerBytes != 8 && l.packing == packing) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** Every layout a 64-bit HotSpot JVM can have, most common first (the order breaks ties). */
    static List<ObjectLayout> candidates() {
        List<ObjectLayout> out = new ArrayList<>();
        for (int alignment : new int[] {8, 16, 32}) {
            for (FieldPacking packing : new FieldPacking[] {FieldPacking.JDK15, FieldPacking.CLASSIC}) {
                out.add(new ObjectLayout(12, 4, alignment, false, packing));
                out.add(new ObjectLayout(12, 8, alignment, false, packing));
            }
            out.add(new ObjectLayout(8, 4, alignment, true, FieldPacking.JDK15));
            out.add(new ObjectLayout(8, 8, alignment, true, FieldPacking.JDK15));
            for (FieldPacking packing : new FieldPacking[] {FieldPacking.JDK15, FieldPacking.CLASSIC}) {
                out.add(new ObjectLayout(16, 8, alignment, false, packing));
                out.add(new ObjectLayout(16, 4, alignment, false, packing));
            }
            out.add(new ObjectLayout(16, 8, alignment, true, FieldPacking.JDK15));
            out.add(new ObjectLayout(16, 4, alignment, true, FieldPacking.JDK15));
        }
        return out;
    }

    /** Offset of the first element of an array whose elements take {@code elementBytes} each. */
    int arrayBaseOffset(int elementBytes) {
        int lengthEnd = headerBytes + 4;
        return elementAlignedArrays ? align(lengthEnd, elementBytes) : align(lengthEnd, 8);
    }

    /** The header of a byte array: what the JSON calls {@code arrayHeaderBytes}. */
    int arrayHeaderBytes() {
        return arrayBaseOffset(1);
    }

    long arrayBytes(long length, int elementBytes) {
        return align(arrayBaseOffset(elementBytes) + length * elementBytes, alignmentBytes);
    }

    /** Bytes of a field of MAT's type code ({@link org.eclipse.mat.snapshot.model.IObject.Type}). */
    int fieldBytes(int matType) {
        return switch (matType) {
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            case 7, 11 -> 8; // double, long
            default -> referenceBytes;
        };
    }

    /**
     * The words a person reads: {@code 64-bit HotSpot, compressed oops, compressed class pointers}. An 8-byte header
     * with 4-byte identifiers is a 32-bit JVM's (HotSpot writes 8-byte identifiers on 64-bit JVMs, and only JDK 24+
     * has 8-byte headers there).
     */
    String description(int identifierSize) {
        if (identifierSize == 4 && headerBytes == 8) {
            return "32-bit HotSpot";
        }
        String header = switch (headerBytes) {
            case 8 -> "compact object headers";
            case 12 -> "compressed class pointers";
            default -> "uncompressed class pointers";
        };
        String refs = referenceBytes == 4 ? "compressed oops" : "uncompressed oops";
        String align = alignmentBytes == 8 ? "" : String.format(Locale.ROOT, ", %d-byte alignment", alignmentBytes);
        return "64-bit HotSpot, " + refs + ", " + header + align;
    }

    static long align(long value, int to) {
        return (value + to - 1) & -(long) to;
    }

    static int align(int value, int to) {
        return (value + to - 1) & -to;
    }
}
