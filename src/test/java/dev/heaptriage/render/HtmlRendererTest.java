package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
