package dev.heaptriage.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void bytesUseBinaryUnits() {
        assertEquals("0 B", Units.bytes(0));
        assertEquals("1023 B", Units.bytes(1023));
        assertEquals("1 KiB", Units.bytes(1024));
        assertEquals("2 KiB", Units.bytes(1536));
        assertEquals("128 KiB", Units.bytes(131_072));
        assertEquals("1.0 MiB", Units.bytes(1_048_575), "1023.999 KiB rounds up into the next unit");
        assertEquals("18.6 MiB", Units.bytes(19_491_181));
        assertEquals("1.9 GiB", Units.bytes(2_040_109_466L));
        assertEquals("2.0 GiB", Units.bytes(2_147_483_648L));
        assertEquals("1.0 TiB", Units.bytes(1L << 40));
        assertEquals("2048.0 TiB", Units.bytes(1L << 51), "TiB is the largest unit");
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("39,610,386", Units.count(39_610_386));
            assertEquals("1.9 GiB", Units.bytes(2_040_109_466L));
            assertEquals("64.1 s", Units.seconds(64_100));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void counts() {
        assertEquals("0", Units.count(0));
        assertEquals("999", Units.count(999));
        assertEquals("1,000", Units.count(1000));
        assertEquals("1 finding", Units.plural(1, "finding"));
        assertEquals("0 findings", Units.plural(0, "finding"));
        assertEquals("1,024 objects", Units.plural(1024, "object"));
    }

    @Test
    void wrapKeepsWordsAndIndent() {
        assertEquals("  aaa bbb\n  ccc\n", Wrap.wrap("  ", "aaa bbb ccc", "  ", 9));
        assertEquals("x: averyveryverylongword\n   y\n", Wrap.wrap("x: ", "averyveryverylongword y", "   ", 10));
        assertEquals("- one\n  two\n", Wrap.wrap("- ", "one\ntwo", "  ", 80));
    }

    @Test
    void wrapSegmentsBreaksBetweenSegments() {
        assertEquals("  aa bb ·\n  cc dd\n", Wrap.wrapSegments("  ", java.util.List.of("aa bb", "cc dd"), "·", "  ", 12));
        assertEquals("  aa → bb → cc\n", Wrap.wrapSegments("  ", java.util.List.of("aa", "bb", "cc"), "→", "  ", 80));
        // A segment wider than any line falls back to words, filling the current line first.
        assertEquals("x · a b c\n  d e f\n", Wrap.wrapSegments("", java.util.List.of("x", "a b c d e f"), "·", "  ", 9));
    }
}
