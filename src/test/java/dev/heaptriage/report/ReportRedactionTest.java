package dev.heaptriage.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --redact}: every dump string goes, every count, class name and JDK thread name stays; the stored form of
 * the analysis cache keeps dump strings apart, so a cached report is redacted the same.
 */
class ReportRedactionTest {
    private static final DumpString PATH = DumpString.of("/srv/secret/app.log");
    private static final DumpString WORKER = DumpString.threadName("Bob's worker");

    private static Report report() {
        Evidence e = new Evidence("0x10", "java.io.FileInputStream", 40, 128,
                Map.of("path", PATH, "fd", 57, "threadNames", List.of(WORKER, DumpString.threadName("main"))),
                List.of(new PathStep("java.io.FileInputStream", 0x10, PathStep.Via.NONE),
                        new PathStep("java.lang.Thread", 0x20, "Thread",
                                PathStep.Via.local(new PathStep.Frame("com.acme.Worker", "run")),
                                List.of(new PathStep.Root(PathStep.Root.Kind.THREAD, Text.of(WORKER), null, null)))));
        Finding f = Finding.builder("unclosed-fd").fingerprint("java.io.FileInputStream/frame:Worker.run")
                .title(Text.concat("1 FileInputStream of ", PATH, " is open"))
                .summary(Text.concat("com.acme.VeryLongApplicationClassName holds it; thread '",
                        DumpString.threadName("main"), "' too"))
                .owner(Text.concat("local of thread '", WORKER, "' in Worker.run"))
                .breakdown(List.of(new Breakdown(Text.of(PATH), 1),
                        new Breakdown("com.acme.VeryLongApplicationClassName", 80_003)))
                .evidence(List.of(e)).count(1).build();
        return Report.of(new ToolInfo("heaptriage", "test"), new DumpSummary("app.hprof", 1, "JAVA PROFILE 1.0.2", 8,
                null, 1, 1, 1, 1, 1, null), List.of(f), List.of(), List.of(), null);
    }

    @Test
    void redactionRemovesDumpStringsAndNothingElse() {
        Finding f = report().redacted().findings().get(0);
        String all = String.join("\n", f.texts()) + f.evidence().get(0).pathToGcRoot().get(1).text();
        assertFalse(all.contains("secret") || all.contains("Bob") || all.contains("worker'"), all);
        assertEquals("1 FileInputStream of <redacted:19 chars> is open", f.title().shown());
        assertEquals("com.acme.VeryLongApplicationClassName holds it; thread 'main' too", f.summary().shown());
        assertEquals("local of thread '<redacted:12 chars>' in Worker.run", f.owner().shown());
        assertEquals("<redacted:19 chars>", f.breakdown().get(0).label().shown());
        assertEquals("com.acme.VeryLongApplicationClassName", f.breakdown().get(1).label().shown());
        assertEquals("<redacted:19 chars>", f.evidence().get(0).attributes().get("path"));
        assertEquals(List.of("<redacted:12 chars>", DumpString.threadName("main")),
                f.evidence().get(0).attributes().get("threadNames"));
        assertEquals(57, f.evidence().get(0).attributes().get("fd"));
        assertEquals("java.lang.Thread @0x20 (local in Worker.run) (thread '<redacted:12 chars>')",
                f.evidence().get(0).pathToGcRoot().get(1).text());
        assertEquals("unclosed-fd/java.io.FileInputStream/frame:Worker.run", f.fingerprint());
    }

    @Test
    void theAnalysisCacheKeepsDumpStringsApart() throws Exception {
        Report stored = ReportStore.fromBytes(ReportStore.toBytes(report(), "k"), "k").orElseThrow();
        assertEquals(report().findings(), stored.findings());
        assertEquals(report().redacted().findings(), stored.redacted().findings());
    }

    @Test
    void aDumpStringPastedIntoWordsIsRefused() {
        // What a detector that concatenates a dump string into a String gets: its toString(), never its contents.
        String pasted = "held by thread '" + WORKER + "'";
        assertFalse(pasted.contains("Bob"), pasted);
        assertThrows(IllegalArgumentException.class, () -> Finding.builder("x").fingerprint("x").title(pasted));
        assertThrows(IllegalArgumentException.class, () -> Finding.builder("x").fingerprint("x").title("t")
                .remediation("call " + PATH).build());
        assertThrows(IllegalArgumentException.class, () -> new Evidence("0x1", "A", 1, 1,
                Map.of("thread", "t " + WORKER), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Breakdown("x " + Text.of(PATH), 1));
    }
}
