package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {

    @Test
    void namesAreSortedAndComplete() {
        assertEquals(List.of("html", "json", "junit", "markdown", "sarif", "text"), Renderers.names());
        assertEquals(Renderers.names(), Renderers.all().stream().map(Renderer::name).toList());
    }

    @Test
    void unknownNameIsEmpty() {
        assertTrue(Renderers.byName("nope").isEmpty());
        assertTrue(Renderers.byName("").isEmpty());
        assertTrue(Renderers.byName(null).isEmpty());
    }

    @Test
    void findsEachByName() {
        assertInstanceOf(JsonRenderer.class, Renderers.byName(JsonRenderer.NAME).orElseThrow());
        assertInstanceOf(TextRenderer.class, Renderers.byName(TextRenderer.NAME).orElseThrow());
        assertInstanceOf(MarkdownRenderer.class, Renderers.byName(MarkdownRenderer.NAME).orElseThrow());
        assertInstanceOf(HtmlRenderer.class, Renderers.byName(HtmlRenderer.NAME).orElseThrow());
        assertInstanceOf(SarifRenderer.class, Renderers.byName(SarifRenderer.NAME).orElseThrow());
        assertInstanceOf(JunitRenderer.class, Renderers.byName(JunitRenderer.NAME).orElseThrow());
        assertInstanceOf(JsonRenderer.class, Renderers.byName(" JSON ").orElseThrow());
    }

    @Test
    void extensions() {
        assertEquals(List.of("html", "json", "xml", "md", "sarif", "txt"),
                Renderers.all().stream().map(Renderer::fileExtension).toList());
    }

    @Test
    void renderersLeaveTheWriterOpen() throws Exception {
        for (Renderer r : Renderers.all()) {
            var out = new java.io.StringWriter() {
                boolean closed;

                @Override
                public void close() {
                    closed = true;
                }
            };
            r.render(RenderFixtures.oneFinding(), out);
            assertTrue(!out.closed, r.name() + " closed the writer");
            assertTrue(out.toString().endsWith("\n"), r.name() + " output does not end with a newline");
            assertTrue(!out.toString().contains("\r"), r.name() + " wrote a carriage return");
        }
    }
}
