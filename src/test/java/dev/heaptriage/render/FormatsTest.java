package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void bytesUseBinaryUnits() {
        assertEquals("0 B", Formats.bytes(0));
        assertEquals("1023 B", Formats.bytes(1023));
        assertEquals("1 KiB", Formats.bytes(1024));
        assertEquals("2 KiB", Formats.bytes(1536));
        assertEquals("128 KiB", Formats.bytes(131_072));
        assertEquals("1.0 MiB", Formats.bytes(1_048_575), "1023.999 KiB rounds up into the next unit");
        assertEquals("18.6 MiB", Formats.bytes(19_491_181));
        assertEquals("1.9 GiB", Formats.bytes(2_040_109_466L));
        assertEquals("2.0 GiB", Formats.bytes(2_147_483_648L));
        assertEquals("1.0 TiB", Formats.bytes(1L << 40));
        assertEquals("2048.0 TiB", Formats.bytes(1L << 51), "TiB is the largest unit");
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("39,610,386", Formats.count(39_610_386));
            assertEquals("1.9 GiB", Formats.bytes(2_040_109_466L));
            assertEquals("64.1 s", Formats.seconds(64_100));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void counts() {
        assertEquals("0", Formats.count(0));
        assertEquals("999", Formats.count(999));
        assertEquals("1,000", Formats.count(1000));
        assertEquals("1 finding", Formats.plural(1, "finding"));
        assertEquals("0 findings", Formats.plural(0, "finding"));
        assertEquals("1,024 objects", Formats.plural(1024, "object"));
    }

    @Test
    void fileNameOfEitherSeparator() {
        assertEquals("app.hprof", Formats.fileName("/var/dumps/app.hprof"));
        assertEquals("app.hprof.gz", Formats.fileName("C:\\dumps\\app.hprof.gz"));
        assertEquals("app.hprof", Formats.fileName("app.hprof"));
        assertEquals("", Formats.fileName(null));
    }

    @Test
    void wrapKeepsWordsAndIndent() {
        assertEquals("  aaa bbb\n  ccc\n", Formats.wrap("  ", "aaa bbb ccc", "  ", 9));
        assertEquals("x: averyveryverylongword\n   y\n", Formats.wrap("x: ", "averyveryverylongword y", "   ", 10));
        assertEquals("- one\n  two\n", Formats.wrap("- ", "one\ntwo", "  ", 80));
    }

    @Test
    void wrapSegmentsBreaksBetweenSegments() {
        assertEquals("  aa bb ·\n  cc dd\n", Formats.wrapSegments("  ", java.util.List.of("aa bb", "cc dd"), "·", "  ", 12));
        assertEquals("  aa → bb → cc\n", Formats.wrapSegments("  ", java.util.List.of("aa", "bb", "cc"), "→", "  ", 80));
        // A segment wider than any line falls back to words, filling the current line first.
        assertEquals("x · a b c\n  d e f\n", Formats.wrapSegments("", java.util.List.of("x", "a b c d e f"), "·", "  ", 9));
    }
}
