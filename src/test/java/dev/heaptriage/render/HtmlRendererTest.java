package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {

    private static String html(dev.heaptriage.report.Report report) {
        return RenderFixtures.render(new HtmlRenderer(), report);
    }

    @Test
    void escapesScriptFromTheDump() {
        for (var report : RenderFixtures.all().values()) {
            String html = html(report).toLowerCase(Locale.ROOT);
            assertFalse(html.contains("<script"), html);
        }
        String html = html(RenderFixtures.severalFindings());
        assertTrue(html.contains("worker &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("ingest | batch &amp; retry"), html);
    }

    @Test
    void escapesTheDumpFileNameInTitleAndHeader() {
        String html = html(RenderFixtures.withErrors());
        assertTrue(html.contains("<title>heaptriage report: &lt;script&gt;|prod.hprof</title>"), html);
        assertTrue(html.contains("&lt;class java.lang.ref.Finalizer&gt; &amp; its supers"), html);
    }

    @Test
    void isSelfContained() {
        String html = html(RenderFixtures.severalFindings());
        assertTrue(html.startsWith("<!DOCTYPE html>\n"));
        assertTrue(html.endsWith("</html>\n"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
        assertFalse(html.contains(" src="), "no external resources");
        assertFalse(html.contains("<link"), "no external style sheets");
    }

    @Test
    void opensWithAnInlineSvgOfTheUsedHeap() {
        String html = html(RenderFixtures.severalFindings());
        int chart = html.indexOf("<svg class=\"heap-chart\"");
        assertTrue(chart > 0 && chart < html.indexOf("<h2>Findings</h2>"), "the chart comes first");
        assertEquals(RenderFixtures.severalFindings().findings().size(),
                html.split("<rect class=\"finding\"", -1).length - 1, "one bar per finding");
        assertTrue(html.contains("<rect class=\"rest\""), "and the rest of the heap");
        assertTrue(html.contains("What each finding retains, of the 2.0 GiB used heap: 62.1 MiB (3.0%)."),
                "a report without heap parts (an older version's) shows each finding's retained bytes: " + html);
        assertFalse(html.contains("<script"), "no script draws it");
    }

    @Test
    void overlappingFindingsScaleTheBarToTheirSum() {
        var dump = new dev.heaptriage.report.DumpSummary("/d/a.hprof", 10, "JAVA PROFILE 1.0.2", 8, null, 1, 1, 1,
                1_000, 1, null);
        var f = dev.heaptriage.report.Finding.builder("unclosed-fd").fingerprint("a").title("a").retainedBytes(800)
                .build();
        var g = dev.heaptriage.report.Finding.builder("unclosed-fd").fingerprint("b").title("b").retainedBytes(700)
                .build();
        String html = html(dev.heaptriage.report.Report.of(RenderFixtures.TOOL, dump, List.of(f, g), List.of(),
                List.of(), null));
        assertTrue(html.contains("together 1 KiB, more than the heap, because their retained sets overlap; the bar "
                + "shows each one&#39;s share of that sum."), html);
        assertFalse(html.contains("<rect class=\"rest\""), "nothing is left over");
    }

    @Test
    void heapPartsAreDrawnOnceEachAndNeverPastTheHeap() {
        var dump = new dev.heaptriage.report.DumpSummary("/d/a.hprof", 10, "JAVA PROFILE 1.0.2", 8, null, 1, 1, 1,
                1_000, 1, null);
        var a = dev.heaptriage.report.Finding.builder("leak-suspects").fingerprint("a").title("a")
                .severity(dev.heaptriage.report.Severity.HIGH).retainedBytes(600).build();
        var b = dev.heaptriage.report.Finding.builder("retained-slice").fingerprint("b").title("b")
                .severity(dev.heaptriage.report.Severity.MEDIUM).retainedBytes(590).build();
        var c = dev.heaptriage.report.Finding.builder("unclosed-fd").fingerprint("c").title("c")
                .severity(dev.heaptriage.report.Severity.LOW).retainedBytes(100).build();
        var report = dev.heaptriage.report.Report.of(RenderFixtures.TOOL, dump, List.of(a, b, c), List.of(),
                List.of(), null).withHeapParts(List.of(new dev.heaptriage.report.HeapPart(600, List.of("leak-suspects/a", "retained-slice/b")),
                new dev.heaptriage.report.HeapPart(100, List.of("unclosed-fd/c"))));
        String html = html(report);
        assertEquals(2, html.split("<rect class=\"finding\"", -1).length - 1, "one segment per part");
        assertTrue(html.contains("<rect class=\"finding\" x=\"0\" y=\"0\" width=\"600\""), html);
        assertTrue(html.contains("<rect class=\"rest\" x=\"700\" y=\"0\" width=\"300\""), html);
        assertTrue(html.contains("Of the 1000 B used heap, the findings&#39; owners retain 700 B (70%), each object "
                + "counted once (disjoint parts of the dominator tree): 600 B (60%) by findings 1 and 2 together (the "
                + "same objects), 100 B (10%) by finding 3; the rest, 300 B, is in no finding&#39;s part."), html);
        assertTrue(html.contains("<a href=\"#finding-1\">1</a> + <a href=\"#finding-2\">2</a>. leak-suspects, "
                + "retained-slice 600 B (60%), the same objects"), html);
        // --min-severity medium leaves finding c out: its part goes with it, and the shared one stays.
        String filtered = html(report.atLeast(dev.heaptriage.report.Severity.MEDIUM));
        assertEquals(1, filtered.split("<rect class=\"finding\"", -1).length - 1, filtered);
        assertTrue(filtered.contains("retain 600 B (60%)"), filtered);
    }

    @Test
    void identicalEvidenceRowsFoldWithACount() {
        String html = html(RenderFixtures.severalFindings());
        // Three substrings that differ only in address and array slot: one row, ×3, the slot as [*].
        assertTrue(html.contains("<td><code>0x7ff300000</code></td><td class=\"num\">3</td>"), html);
        assertFalse(html.contains("0x7ff310000"), "the other two are folded into it");
        assertTrue(html.contains("<code>Index$Entry[*]</code>"), html);
    }

    @Test
    void escapeCoversTheFiveCharacters() {
        assertEquals("&amp;&lt;&gt;&quot;&#39;plain", HtmlRenderer.escape("&<>\"'plain"));
        assertEquals("", HtmlRenderer.escape(null));
    }

    @Test
    void severityBadgesUseOneClassPerLevel() {
        String html = html(RenderFixtures.severalFindings());
        for (String level : new String[] {"critical", "high", "medium", "low"}) {
            assertTrue(html.contains("<span class=\"sev sev-" + level + "\">" + level.toUpperCase(Locale.ROOT)),
                    level);
            assertTrue(html.contains(".sev-" + level + " {"), "style sheet lacks " + level);
        }
    }
}
