package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Timings;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shape of DESIGN.md §5; the goldens check whole outputs, these check the rules behind them. */
class TextRendererTest {

    private static String text(Report report) {
        return RenderFixtures.render(new TextRenderer(), report);
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void headerAndTotalsMatchTheDesignExample() {
        String text = text(RenderFixtures.oneFinding());
        assertTrue(text.startsWith("heaptriage 0.1.0 — app.hprof (1.9 GiB, JAVA PROFILE 1.0.2, "
                + "39,610,386 objects, 2.0 GiB used heap)\n\n"), text);
        assertEquals("1 finding (1 high) · loaded in 64.1 s · analysed in 2.3 s", lastLine(text));
    }

    @Test
    void findingBlockMatchesTheDesignExample() {
        String text = text(RenderFixtures.oneFinding());
        assertTrue(text.contains("""
                HIGH   unclosed-fd  1,024 FileInputStreams still hold open file descriptors
                       owner: com.acme.Cache.files (static field) · retained 128 KiB
                """), text);
        assertTrue(text.contains("\n       /var/log/app.log ×1,000 · /etc/hosts ×24\n"), text);
        assertTrue(text.contains("\n       path: Cache.files → ArrayList.elementData → Object[17] → FileInputStream\n"),
                text);
        assertTrue(text.contains("\n       fix: Close each stream"), text);
    }

    @Test
    void noFindings() {
        String text = text(RenderFixtures.empty());
        assertTrue(text.contains("\nno leaks found\n"), text);
        assertEquals("0 findings · loaded in 1.2 s · analysed in 0.1 s", lastLine(text));
    }

    @Test
    void totalsWithCacheAndWithoutTimings() {
        assertEquals("4 findings (1 critical, 1 high, 1 medium, 1 low) · loaded in 0.9 s · analysed in 2.3 s"
                + " · from cache", lastLine(text(RenderFixtures.severalFindings())));
        assertEquals("1 finding (1 info)", lastLine(text(RenderFixtures.withErrors())));
        Report notCached = RenderFixtures.empty().withTimings(new Timings(0, 0, 0, null, false));
        assertEquals("0 findings · loaded in 0.0 s · analysed in 0.0 s", lastLine(text(notCached)));
    }

    @Test
    void warningsBeforeFindingsAndErrorsAfter() {
        String text = text(RenderFixtures.withErrors());
        int warning = text.indexOf("\nwarning: the dump is truncated");
        int finding = text.indexOf("\nINFO   retained-slice  ");
        int error = text.indexOf("\nerror in finalizer-backlog: could not read");
        assertTrue(warning > 0 && finding > warning && error > finding, text);
    }

    @Test
    void ownerIsOmittedWhenNullAndWastedShownWhenKnown() {
        String text = text(RenderFixtures.severalFindings());
        assertTrue(text.contains("\n       retained 50.0 MiB\n"), text);
        // The owner fills the line, so the sizes move to the next one whole, after a trailing separator.
        assertTrue(text.contains(" com.acme.Index.entries (static field) ·\n       retained 12.0 MiB · wasted 12.0 MiB\n"),
                text);
    }

    @Test
    void breakdownShowsFiveThenCountsTheRest() {
        List<Breakdown> seven = IntStream.range(0, 7).mapToObj(i -> new Breakdown("b" + i, 1000 + i)).toList();
        assertEquals(List.of("b0 ×1,000", "b1 ×1,001", "b2 ×1,002", "b3 ×1,003", "b4 ×1,004", "… 2 more"),
                TextRenderer.breakdown(seven));
        assertEquals(List.of("b0 ×1,000", "b1 ×1,001", "b2 ×1,002", "b3 ×1,003", "b4 ×1,004"),
                TextRenderer.breakdown(seven.subList(0, 5)));
    }

    @Test
    void criticalStillHasASpaceBeforeTheDetector() {
        assertTrue(text(RenderFixtures.severalFindings()).contains("\nCRITICAL parked-threads  200 workers"));
    }

    @Test
    void longLinesWrapWithTheSameIndent() {
        String text = text(RenderFixtures.severalFindings());
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= TextRenderer.WIDTH || !line.strip().contains(" "), line);
            assertEquals(line, line.stripTrailing(), "trailing spaces");
        }
        assertTrue(text.contains("\n       200 threads of a ThreadPoolExecutor"), text);
        assertTrue(text.contains("\n       stacks live until the JVM exits.\n"), text);
        // A breakdown entry is never split from its count.
        assertTrue(text.contains(" ×20 ·\n       pool-9-thread-* ×10 · ingest | batch & retry ×5 · … 2 more\n"), text);
    }

    @Test
    void errorWithoutMessageStillRenders() {
        Report report = Report.of(RenderFixtures.TOOL, null, List.of(),
                List.of(new dev.heaptriage.report.DetectorError("parked-threads", null)), List.of(), null);
        assertEquals("""
                heaptriage 0.1.0

                no leaks found

                error in parked-threads: no message

                0 findings
                """, text(report));
        Report withDump = report.withDump(RenderFixtures.BIG_DUMP);
        for (Renderer r : Renderers.all()) {
            assertTrue(RenderFixtures.render(r, withDump).contains("parked-threads"), r.name());
        }
    }
}
