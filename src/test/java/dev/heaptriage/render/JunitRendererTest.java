package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML: well-formed, one test case per detector, one failure per finding at or above the level. */
class JunitRendererTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Document junit(Report report) throws Exception {
        return parse(RenderFixtures.render(new JunitRenderer(), report));
    }

    private static List<String> failureTypes(Document doc) {
        NodeList failures = doc.getElementsByTagName("failure");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < failures.getLength(); i++) {
            out.add(((Element) failures.item(i)).getAttribute("type"));
        }
        return out;
    }

    @Test
    void everyFixtureIsWellFormed() throws Exception {
        for (var e : RenderFixtures.all().entrySet()) {
            Document doc = junit(e.getValue());
            assertEquals("testsuites", doc.getDocumentElement().getTagName(), e.getKey());
        }
    }

    @Test
    void oneTestCasePerDetectorAndAFailurePerFindingFromLow() throws Exception {
        Report report = RenderFixtures.severalFindings();
        Document doc = junit(report);
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(RenderFixtures.DETECTORS.size(), cases.getLength());
        for (int i = 0; i < cases.getLength(); i++) {
            assertEquals(RenderFixtures.DETECTORS.get(i).id(), ((Element) cases.item(i)).getAttribute("name"));
        }
        // Without --fail-on every finding from low up fails: all four here.
        assertEquals(List.of("critical", "medium", "high", "low"), failureTypes(doc));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("4", suite.getAttribute("failures"));
    }

    @Test
    void failOnRaisesTheLevel() throws Exception {
        Document doc = junit(RenderFixtures.severalFindings().withFailOn(Severity.HIGH));
        assertEquals(List.of("critical", "high"), failureTypes(doc));
        long passing = RenderFixtures.severalFindings().findings().stream()
                .filter(f -> !f.severity().atLeast(Severity.HIGH)).count();
        String out = doc.getElementsByTagName("system-out").item(1).getTextContent()
                + doc.getElementsByTagName("system-out").item(2).getTextContent();
        assertEquals(passing, out.lines().filter(l -> l.startsWith("pass ")).count(), out);
    }

    @Test
    void withABaselineOnlyNewAndGrownFindingsFail() throws Exception {
        // Gated on high: the grown pool fails; the persisting files (+24, not doubled) do not.
        Document doc = junit(RenderFixtures.withBaseline());
        assertEquals(List.of("critical"), failureTypes(doc));
    }

    @Test
    void controlCharactersAndMarkupInDumpStringsStayText() throws Exception {
        Finding hostile = Finding.builder("unclosed-fd").fingerprint("x/y").severity(Severity.HIGH)
                .title("open \u001b]0;owned\u0007 <b>&</b> \"q\"\nHIGH forged").count(1).build();
        Report report = Report.of(RenderFixtures.TOOL, null, List.of(hostile), List.of(), List.of(), null);
        String xml = RenderFixtures.render(new JunitRenderer(), report);
        Document doc = parse(xml);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("HIGH: open \\e]0;owned\\x07 <b>&</b> \"q\"\\nHIGH forged", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().startsWith("open \\e]0;owned\\x07 <b>&</b> \"q\"\\nHIGH forged\n"));
    }
}
