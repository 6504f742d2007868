package dev.heaptriage.load;

import java.util.Arrays;

/**
 * How HotSpot places a class's instance fields after its superclass's, reduced to what decides the instance size.
 * Superclass fields always come first and keep their offsets; the two algorithms differ in where a subclass's fields
 * may go.
 */
enum FieldPacking {
    /**
     * JDK 15+ {@code FieldLayoutBuilder}: primitive fields sorted by size (largest first), then references, each
     * placed best-fit into the smallest empty slot that fits it with its alignment (also slots left in
     * superclasses), else appended at the end, aligned to its size.
     */
    JDK15,
    /**
     * JDK 8 to 14 {@code ClassFileParser::layout_fields} ({@code FieldsAllocationStyle=1}, {@code CompactFields}):
     * a subclass starts after its superclass's fields rounded up to the reference size; longs and doubles, then
     * ints and floats, shorts and chars, bytes and booleans, and references last. The 4-byte gap that aligning the
     * first long leaves is filled with one int, else shorts and bytes, else one reference.
     */
    CLASSIC;

    /**
     * The layout of a class: {@code end} is the offset just past its last field; {@code holes} are the empty slots
     * before it as (offset, size) pairs by offset ({@link #JDK15} only).
     */
    record Packed(int end, int[] holes) {
        static final int[] NONE = new int[0];

        /** The instance size: the end rounded to a word, then to the object alignment. */
        int instanceBytes(int alignmentBytes) {
            return ObjectLayout.align(ObjectLayout.align(end, 8), alignmentBytes);
        }
    }

    /** The layout of the root class ({@code java.lang.Object}, or any class without a superclass). */
    static Packed root(int headerBytes) {
        return new Packed(headerBytes, Packed.NONE);
    }

    /**
     * Places a class's own instance fields after its superclass's layout.
     *
     * @param sizes the byte size of each own field; references have {@code referenceBytes} and are told apart
     *              by {@code isReference}
     */
    Packed place(Packed superLayout, int[] sizes, boolean[] isReference, int referenceBytes) {
        int oops = 0;
        int[] counts = new int[9];
        for (int i = 0; i < sizes.length; i++) {
            if (isReference[i]) {
                oops++;
            } else {
                counts[sizes[i]]++;
            }
        }
        return this == JDK15 ? bestFit(superLayout, counts, oops, referenceBytes)
                : classic(superLayout, counts, oops, referenceBytes);
    }

    private static Packed bestFit(Packed superLayout, int[] counts, int oops, int referenceBytes) {
        Slots slots = new Slots(superLayout);
        for (int size : new int[] {8, 4, 2, 1}) {
            for (int n = 0; n < counts[size]; n++) {
                slots.insert(size);
            }
        }
        for (int n = 0; n < oops; n++) {
            slots.insert(referenceBytes);
        }
        return slots.packed();
    }

    private static Packed classic(Packed superLayout, int[] counts, int oops, int referenceBytes) {
        int longs = counts[8];
        int ints = counts[4];
        int shorts = counts[2];
        int bytes = counts[1];
        int start = ObjectLayout.align(superLayout.end(), referenceBytes);
        int longsAt = start;
        if (longs > 0) {
            longsAt = ObjectLayout.align(start, 8);
            int gap = longsAt - start;
            if (gap > 0 && ints > 0) {
                ints--;
                gap -= 4;
            }
            while (gap >= 2 && shorts > 0) {
                shorts--;
                gap -= 2;
            }
            while (gap > 0 && bytes > 0) {
                bytes--;
                gap--;
            }
            if (gap >= referenceBytes && oops > 0) {
                oops--;
            }
        }
        int end = longsAt + longs * 8 + ints * 4 + shorts * 2 + bytes;
        if (oops > 0) {
            end = ObjectLayout.align(end, referenceBytes) + oops * referenceBytes;
        }
        return new Packed(end, Packed.NONE);
    }

    /**
     * The bytes a class's static fields take in its {@code java.lang.Class} mirror, from the (8-aligned) start of
     * the static area: references first, then primitives by size, each aligned to its size. JDK 15+ appends
     * statics without filling gaps, and the older order gives the same sizes.
     */
    static int staticBytes(int[] sizes, boolean[] isReference, int referenceBytes) {
        int end = 0;
        int[] counts = new int[9];
        for (int i = 0; i < sizes.length; i++) {
            if (isReference[i]) {
                end += referenceBytes;
            } else {
                counts[sizes[i]]++;
            }
        }
        for (int size : new int[] {8, 4, 2, 1}) {
            if (counts[size] > 0) {
                end = ObjectLayout.align(end, size) + counts[size] * size;
            }
        }
        return ObjectLayout.align(end, 8);
    }

    /** The empty slots of a layout being built, as {@code FieldLayout} keeps them. */
    private static final class Slots {
        private int[] holes;
        private int count;
        private int end;

        Slots(Packed from) {
            holes = Arrays.copyOf(from.holes(), Math.max(8, from.holes().length + 8));
            count = from.holes().length / 2;
            end = from.end();
        }

        /**
         * Best fit: the smallest empty slot that holds the field with its alignment, scanning from the last slot
         * back (so of equal slots the last one wins, as in HotSpot); else appended at the end.
         */
        void insert(int size) {
            int best = -1;
            for (int i = count - 1; i >= 0; i--) {
                int offset = holes[2 * i];
                int room = holes[2 * i + 1];
                int adjust = (size - offset % size) % size;
                if (room >= size + adjust && (best < 0 || room < holes[2 * best + 1])) {
                    best = i;
                }
            }
            if (best < 0) {
                int at = ObjectLayout.align(end, size);
                if (at > end) {
                    add(count, end, at - end);
                }
                end = at + size;
                return;
            }
            int offset = holes[2 * best];
            int adjust = (size - offset % size) % size;
            if (adjust > 0) {
                add(best, offset, adjust);
                best++;
            }
            holes[2 * best] += adjust + size;
            holes[2 * best + 1] -= adjust + size;
            if (holes[2 * best + 1] == 0) {
                System.arraycopy(holes, 2 * best + 2, holes, 2 * best, 2 * (count - best - 1));
                count--;
            }
        }

        private void add(int index, int offset, int size) {
            if (2 * count + 2 > holes.length) {
                holes = Arrays.copyOf(holes, holes.length * 2);
            }
            System.arraycopy(holes, 2 * index, holes, 2 * index + 2, 2 * (count - index));
            holes[2 * index] = offset;
            holes[2 * index + 1] = size;
            count++;
        }

        Packed packed() {
            return new Packed(end, count == 0 ? Packed.NONE : Arrays.copyOf(holes, 2 * count));
        }
    }
}
