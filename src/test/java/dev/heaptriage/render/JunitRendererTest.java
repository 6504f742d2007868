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

/** JUnit XML: well-formed, one test case per finding with at most one failure, tests ≥ failures. */
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
    void oneTestCasePerFindingWithAtMostOneFailureEach() throws Exception {
        Report report = RenderFixtures.severalFindings();
        Document doc = junit(report);
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            names.add(c.getAttribute("classname") + " " + c.getAttribute("name"));
            assertTrue(c.getElementsByTagName("failure").getLength() + c.getElementsByTagName("error").getLength() <= 1,
                    "at most one failure or error in " + names.get(i));
        }
        List<String> expected = new ArrayList<>();
        for (var d : RenderFixtures.DETECTORS) {
            List<Finding> of = report.findings().stream().filter(f -> f.detector().equals(d.id())).toList();
            if (of.isEmpty()) {
                expected.add("heaptriage." + d.id() + " " + d.id());
            }
            of.forEach(f -> expected.add("heaptriage." + d.id() + " " + f.fingerprint()));
        }
        assertEquals(expected, names, "a test case per finding, by fingerprint; one per detector without findings");
        // Without --fail-on every finding from low up fails: all four here.
        assertEquals(4, failureTypes(doc).size());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("4", suite.getAttribute("failures"));
        assertEquals(String.valueOf(cases.getLength()), suite.getAttribute("tests"));
        assertEquals(suite.getAttribute("tests"), doc.getDocumentElement().getAttribute("tests"));
    }

    @Test
    void failOnRaisesTheLevel() throws Exception {
        Document doc = junit(RenderFixtures.severalFindings().withFailOn(Severity.HIGH));
        assertEquals(List.of("critical", "high"), failureTypes(doc));
        long passing = RenderFixtures.severalFindings().findings().stream()
                .filter(f -> !f.severity().atLeast(Severity.HIGH)).count();
        NodeList outs = doc.getElementsByTagName("system-out");
        assertEquals(passing, outs.getLength(), "each passing finding says why it passes");
        for (int i = 0; i < outs.getLength(); i++) {
            assertTrue(outs.item(i).getTextContent().startsWith("not a failure at --fail-on high: "),
                    outs.item(i).getTextContent());
        }
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertTrue(Integer.parseInt(suite.getAttribute("tests")) >= Integer.parseInt(suite.getAttribute("failures")));
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
