package dev.heaptriage.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --redact}: every string from the dump goes, every count and class name stays. */
class ReportRedactionTest {
    private static Report report() {
        Evidence e = new Evidence("0x10", "java.io.FileInputStream", 40, 128,
                Map.of("path", "/srv/secret/app.log", "fd", 57),
                List.of(new PathStep("java.io.FileInputStream", 0x10, PathStep.Via.NONE),
                        new PathStep("java.lang.Thread", 0x20, "Thread",
                                PathStep.Via.local(new PathStep.Frame("com.acme.Worker", "run")),
                                List.of(new PathStep.Root(PathStep.Root.Kind.THREAD, "Bob's worker", null, null)))));
        Finding f = Finding.builder("unclosed-fd").fingerprint("java.io.FileInputStream/frame:Worker.run")
                .title("1 FileInputStream of /srv/secret/app.log is open")
                .owner("local of thread 'Bob's worker' in Worker.run")
                .breakdown(List.of(new Breakdown("/srv/secret/app.log", 1)))
                .evidence(List.of(e)).count(1)
                .sensitive("/srv/secret/app.log").sensitive("Bob's worker").build();
        return Report.of(new ToolInfo("heaptriage", "test"), null, List.of(f), List.of(), List.of(), null);
    }

    @Test
    void redactionRemovesDumpStringsOnce() {
        Finding f = report().redacted().findings().get(0);
        String all = f.title() + f.owner() + f.breakdown() + f.evidence();
        assertFalse(all.contains("secret") || all.contains("Bob") || all.contains("worker'"), all);
        assertEquals("1 FileInputStream of <redacted:19 chars> is open", f.title());
        assertEquals("local of thread '<redacted:12 chars>' in Worker.run", f.owner());
        assertEquals("<redacted:19 chars>", f.evidence().get(0).attributes().get("path"));
        assertEquals(57, f.evidence().get(0).attributes().get("fd"));
        assertEquals("java.lang.Thread @0x20 (local in Worker.run) (thread '<redacted:12 chars>')",
                f.evidence().get(0).pathToGcRoot().get(1).text());
        assertEquals("unclosed-fd/java.io.FileInputStream/frame:Worker.run", f.fingerprint());
    }
}
