package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.ExploreSessionCache;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heaptriage why} on the session cache scenario and on the sample dump's finalizer backlog. */
class WhyCommandTest {
    private static final String SCENARIO = ExploreSessionCache.class.getName();
    private static final String SESSION = SCENARIO + "$Session";

    @TempDir
    Path work;

    private CliRun why(Path dump, String... more) {
        List<String> args = new ArrayList<>(List.of("why", dump.toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--index-dir", work.resolve("idx").toString(), "-q"));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    /** The steps of the one branch that every path takes, root first, until the tree splits. */
    private static List<String> trunk(JsonNode roots) {
        List<String> out = new ArrayList<>();
        JsonNode level = roots;
        while (level.size() == 1) {
            out.add(level.get(0).path("step").asText() + (level.get(0).path("application").asBoolean() ? " ◀" : ""));
            level = level.get(0).path("children");
        }
        return out;
    }

    private static long leaves(JsonNode nodes) {
        long n = 0;
        for (JsonNode node : nodes) {
            n += node.path("children").isEmpty() ? node.path("count").asLong() : leaves(node.path("children"));
        }
        return n;
    }

    @Test
    void everySessionIsKeptByTheCacheFieldMergedIntoOneTrunk() throws Exception {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        JsonNode root = json(why(dump, SESSION, "-f", "json"));
        assertEquals(ExploreSessionCache.SESSIONS, root.path("targets").asLong());
        assertEquals(ExploreSessionCache.SESSIONS, root.path("paths").asLong());
        assertEquals(0, root.path("notLive").asLong());
        assertEquals(ExploreSessionCache.SESSIONS, leaves(root.path("roots")), "every path ends in a leaf");
        assertTrue(root.path("retainedBytes").asLong() > (long) ExploreSessionCache.SESSIONS
                * ExploreSessionCache.STATE_BYTES);
        List<String> trunk = trunk(root.path("roots"));
        int cache = trunk.indexOf("ExploreSessionCache.CACHE ◀");
        assertTrue(cache >= 0, "the static field is the first application step: " + trunk);
        assertEquals(List.of("ExploreSessionCache$SessionCache.sessions", "HashMap.table", "HashMap$Node[]"),
                trunk.subList(cache + 1, cache + 4), trunk.toString());
        assertEquals(1, root.path("roots").size());

        JsonNode ten = json(why(dump, SESSION, "-f", "json", "--max-paths", "10"));
        assertEquals(10, ten.path("paths").asLong());
        assertEquals(10, leaves(ten.path("roots")));

        CliRun text = why(dump, SESSION);
        assertTrue(text.out().startsWith("3,000 objects · "), text.out());
        assertTrue(text.out().contains("ExploreSessionCache.CACHE   ◀ application code"), text.out());
        CliRun csv = why(dump, SESSION, "-f", "csv");
        assertTrue(csv.out().startsWith("level,count,retainedBytes,application,chain,className,step\r\n"), csv.out());
        assertTrue(csv.out().contains(",3000,"), csv.out());
    }

    @Test
    void oneObjectByItsIdAndUnknownTargets() throws Exception {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        JsonNode top = json(CliRun.of("top", dump.toString(), "-q", "-f", "json", "--depth", "6", "--top", "3",
                "--index-dir", work.resolve("idx").toString()));
        String session = find(top.path("objects"), SESSION);
        assertTrue(session != null, "a session six levels down");
        JsonNode one = json(why(dump, session, "-f", "json"));
        assertEquals(1, one.path("targets").asLong());
        assertEquals(1, leaves(one.path("roots")));
        assertTrue(trunk(one.path("roots")).contains("ExploreSessionCache.CACHE ◀"), one.toString());

        CliRun noClass = why(dump, "com.example.Nothing");
        assertEquals(2, noClass.exitCode());
        assertTrue(noClass.err().contains("no class 'com.example.Nothing'"), noClass.err());
        CliRun noObject = why(dump, "0x1");
        assertEquals(2, noObject.exitCode());
        assertEquals(2, why(dump, SESSION, "--max-paths", "0").exitCode());
    }

    private static String find(JsonNode nodes, String className) {
        for (JsonNode n : nodes) {
            if (n.path("className").asText().equals(className)) {
                return n.path("objectId").asText();
            }
            String below = find(n.path("children"), className);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    @Test
    void objectsOnlyTheFinalizerHoldsAreLeftOutUnlessAsked() throws Exception {
        JsonNode strong = json(why(SampleDumpTest.SAMPLE, "LeakyService$Connection", "-f", "json"));
        assertEquals(5_000, strong.path("targets").asLong());
        assertEquals(4_999, strong.path("notLive").asLong(), "one is being finalized, the rest wait");
        assertEquals(1, strong.path("paths").asLong());
        assertFalse(strong.toString().contains("Finalizer.referent"), strong.toString());
        JsonNode weak = json(why(SampleDumpTest.SAMPLE, "LeakyService$Connection", "-f", "json", "--include-weak"));
        assertEquals(5_000, weak.path("paths").asLong());
        assertTrue(weak.toString().contains("\"step\":\"Finalizer.referent\""), weak.toString());
        assertTrue(weak.toString().contains("\"chain\":true"), "the finalizers' linked list is one node");
    }

    @Test
    void whyRunsInAProcessInEveryFormat() throws Exception {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        for (String format : new String[] {"text", "json", "csv"}) {
            CliProcess p = CliProcess.run(null, null, "why", dump.toString(), SESSION, "--index-dir",
                    work.resolve("idx").toString(), "-q", "-f", format, "--redact");
            assertEquals(0, p.exitCode(), p.err());
            assertTrue(p.out().contains("ExploreSessionCache.CACHE"), format + ": " + p.out());
        }
    }
}
