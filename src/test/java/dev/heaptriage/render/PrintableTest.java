package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import org.junit.jupiter.api.Test;

/** The one escaping of non-printable characters that text and Markdown reports use for dump strings. */
class PrintableTest {
    @Test
    void controlAndFormatCharactersBecomeVisibleEscapes() {
        assertEquals("a\\nb\\rc\\td", Printable.escape("a\nb\rc\td"));
        assertEquals("\\e]0;title\\x07", Printable.escape("\u001b]0;title\u0007"));
        assertEquals("del\\x7F c1\\x9B", Printable.escape("del\u007f c1\u009b"));
        assertEquals("rtl\\u202Eevil zw\\u200B ls\\u2028", Printable.escape("rtl\u202eevil zw\u200b ls\u2028"));
        assertEquals("lone \\uD800 x", Printable.escape("lone \ud800 x"));
    }

    @Test
    void printableTextIsLeftAlone() {
        String s = "Grüße — 日本 😀 /var/log/app.log 'x' \\ back";
        assertSame(s, Printable.escape(s));
        assertNull(Printable.escape(null));
    }

    @Test
    void keepingLinesEscapesNewlinesInsideDumpStringsOnly() {
        DumpString name = DumpString.threadName("evil\nHIGH forged");
        Text summary = Text.concat("held by thread '", name, "'.\nshared stack:\n  at A.b(A.java:1)\u001b");
        assertEquals("held by thread 'evil\\nHIGH forged'.\nshared stack:\n  at A.b(A.java:1)\\e",
                Printable.lines(summary));
    }
}
