package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private static String md(dev.heaptriage.report.Report report) {
        return RenderFixtures.render(new MarkdownRenderer(), report);
    }

    @Test
    void escapesPipes() {
        String md = md(RenderFixtures.severalFindings());
        assertTrue(md.contains("ingest \\| batch & retry"), md);
        assertTrue(md.contains("com.acme.Index\\$Entry.key\\_name \\| com.acme.Index.entries"), md);
        assertFalse(md.contains("ingest | batch"), md);
    }

    /** An unescaped {@code |} in a cell would add a column; every row must have as many as its header. */
    @Test
    void tableRowsKeepTheirColumns() {
        for (var report : RenderFixtures.all().values()) {
            int expected = -1;
            for (String line : md(report).split("\n")) {
                if (!line.startsWith("|")) {
                    expected = -1;
                    continue;
                }
                int cells = unescapedPipes(line);
                if (expected < 0) {
                    expected = cells;
                }
                assertEquals(expected, cells, line);
            }
        }
    }

    private static int unescapedPipes(String line) {
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                n++;
            }
        }
        return n;
    }

    @Test
    void escapesEveryInlineMetacharacter() {
        assertEquals("a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\[g\\] h\\\\ \\~ \\$ \\#",
                MarkdownRenderer.escape("a|b *c* _d_ `e` <f> [g] h\\ ~ $ #"));
        // A newline in a dump string shows as \n (Printable), which Markdown needs escaped once more.
        assertEquals("one\\\\ntwo", MarkdownRenderer.escape("one\ntwo"));
        assertEquals("", MarkdownRenderer.escape(null));
    }

    @Test
    void lineStartsCannotOpenBlocks() {
        assertEquals("\\- item", MarkdownRenderer.escapeLine("- item"));
        assertEquals("12\\. twelve", MarkdownRenderer.escapeLine("12. twelve"));
        assertEquals("\\#\\# heading", MarkdownRenderer.escapeLine("## heading"));
        assertEquals("code?", MarkdownRenderer.escapeLine("    code?"));
        assertEquals("10.0.0.7:5432", MarkdownRenderer.escapeLine("10.0.0.7:5432"));
    }

    @Test
    void scriptNeverAppearsRaw() {
        String md = md(RenderFixtures.severalFindings());
        assertFalse(md.contains("<script>"), md);
        assertTrue(md.contains("worker \\<script\\>alert('x')\\</script\\>"), md);
    }
}
