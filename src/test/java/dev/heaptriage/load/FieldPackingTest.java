package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Instance sizes of both field-packing algorithms, heap-free. JDK 15+ packing is also checked end to end against the
 * JVM's own histogram ({@link ObjectLayoutTest}); the older algorithm has no JDK 8 to 14 on the build machines, so
 * its expected sizes here are worked out from {@code ClassFileParser::layout_fields} (and agree with what JOL prints
 * for these shapes on JDK 8).
 */
class FieldPackingTest {
    private static final int REF = -1;

    /** Instance size of a class with these own fields (sizes in bytes, {@link #REF} for a reference). */
    private static int size(FieldPacking packing, int header, int refBytes, FieldPacking.Packed superLayout,
                            int... fields) {
        return place(packing, header, refBytes, superLayout, fields).instanceBytes(8);
    }

    private static FieldPacking.Packed place(FieldPacking packing, int header, int refBytes,
                                             FieldPacking.Packed superLayout, int... fields) {
        int[] sizes = new int[fields.length];
        boolean[] refs = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            refs[i] = fields[i] == REF;
            sizes[i] = refs[i] ? refBytes : fields[i];
        }
        FieldPacking.Packed base = superLayout == null ? FieldPacking.root(header) : superLayout;
        return packing.place(base, sizes, refs, refBytes);
    }

    @Test
    void emptyObjectIsItsHeaderRounded() {
        for (FieldPacking p : FieldPacking.values()) {
            assertEquals(16, size(p, 12, 4, null));
            assertEquals(16, size(p, 16, 8, null));
            assertEquals(8, size(p, 8, 4, null), "compact headers: an empty object is one word");
        }
    }

    @Test
    void theGapAfterACompressedHeaderTakesAnInt() {
        // {long, int} with a 12-byte header: the int goes to offset 12, the long to 16: 24 bytes in both.
        for (FieldPacking p : FieldPacking.values()) {
            assertEquals(24, size(p, 12, 4, null, 8, 4));
            assertEquals(24, size(p, 12, 4, null, 8, REF), "one reference fits the gap as well");
        }
    }

    @Test
    void onlyJdk15PutsSubclassFieldsIntoSuperclassHoles() {
        // class A { long l; }  class B extends A { int i; }: JDK 15+ puts i into A's gap at 12; JDK 8 after A's end.
        FieldPacking.Packed a15 = place(FieldPacking.JDK15, 12, 4, null, 8);
        FieldPacking.Packed a8 = place(FieldPacking.CLASSIC, 12, 4, null, 8);
        assertEquals(24, a15.instanceBytes(8));
        assertEquals(24, a8.instanceBytes(8));
        assertEquals(24, size(FieldPacking.JDK15, 12, 4, a15, 4));
        assertEquals(32, size(FieldPacking.CLASSIC, 12, 4, a8, 4));
    }

    @Test
    void jdk15SortsBySizeAndFillsBestFit() {
        // Mixed of the scenario: long, double, int, float, short, char, byte, boolean and two references:
        // 12 + 4 (int in the gap) + 16 + 4 + 2 + 2 + 1 + 1 + 2 * 4 = 50 → 56, as the JVM's histogram says.
        assertEquals(56, size(FieldPacking.JDK15, 12, 4, null, 8, 8, 4, 4, 2, 2, 1, 1, REF, REF));
        // With compact headers the longs start right after the 8-byte header: 8 + 16 + 8 + 4 + 2 + 2 * 4 = 46 → 48.
        assertEquals(48, size(FieldPacking.JDK15, 8, 4, null, 8, 8, 4, 4, 2, 2, 1, 1, REF, REF));
        // Holey { long; byte } then Filler { int; short; byte }: 24 and 32 on JDK 15+.
        FieldPacking.Packed holey = place(FieldPacking.JDK15, 12, 4, null, 8, 1);
        assertEquals(24, holey.instanceBytes(8));
        assertEquals(32, size(FieldPacking.JDK15, 12, 4, holey, 4, 2, 1));
    }

    @Test
    void classicOrderWithUncompressedReferences() {
        // JDK 8 -XX:-UseCompressedOops: 16-byte header, 8-byte references aligned to 8.
        assertEquals(32, size(FieldPacking.CLASSIC, 16, 8, null, 1, REF));
        // A subclass starts at its superclass's end rounded to a reference: { byte }, then { byte } at 24.
        FieldPacking.Packed oneByte = place(FieldPacking.CLASSIC, 16, 8, null, 1);
        assertEquals(32, size(FieldPacking.CLASSIC, 16, 8, oneByte, 1));
        assertEquals(24, size(FieldPacking.JDK15, 16, 8, place(FieldPacking.JDK15, 16, 8, null, 1), 1));
    }

    @Test
    void staticsStartWithReferencesThenPrimitivesBySize() {
        int[] sizes = {4, 8, 1, 4};
        boolean[] refs = {true, false, false, false};
        // ref 0-4, long 8-16, int 16-20, byte 20-21 → 24
        assertEquals(24, FieldPacking.staticBytes(sizes, refs, 4));
        assertEquals(0, FieldPacking.staticBytes(new int[0], new boolean[0], 4));
    }

    @Test
    void arraysFollowTheHeaderAndElementAlignment() {
        ObjectLayout compressed = new ObjectLayout(12, 4, 8, false, FieldPacking.JDK15);
        assertEquals(16, compressed.arrayBytes(0, 1));
        assertEquals(24, compressed.arrayBytes(1, 1));
        assertEquals(1_048_592, compressed.arrayBytes(1 << 20, 1));
        assertEquals(24, compressed.arrayBytes(1, 8));
        ObjectLayout compact = new ObjectLayout(8, 4, 8, true, FieldPacking.JDK15);
        assertEquals(16, compact.arrayBytes(1, 4), "elements start at 12 with compact headers");
        assertEquals(24, compact.arrayBytes(1, 8), "a long element starts at 16");
        ObjectLayout wide17 = new ObjectLayout(16, 4, 8, false, FieldPacking.JDK15);
        ObjectLayout wide22 = new ObjectLayout(16, 4, 8, true, FieldPacking.JDK15);
        assertEquals(32, wide17.arrayBytes(1, 4), "before JDK 22 elements start at 24");
        assertEquals(24, wide22.arrayBytes(1, 4), "since JDK 22 right after the length, at 20");
    }
}
