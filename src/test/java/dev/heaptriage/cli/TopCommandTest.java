package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.ExploreSessionCache;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heaptriage top} on a session cache that holds most of a small heap (no leak detector speaks there). */
class TopCommandTest {
    private static final String SCENARIO = ExploreSessionCache.class.getName();
    private static final long CACHED_BYTES = (long) ExploreSessionCache.SESSIONS * ExploreSessionCache.STATE_BYTES;

    @TempDir
    Path work;

    private CliRun top(String... more) {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        String[] args = new String[more.length + 4];
        args[0] = "top";
        args[1] = dump.toString();
        args[2] = "--index-dir";
        args[3] = work.resolve("idx").toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    @Test
    void theCacheClassComesFirstWithItsStaticFieldAsOwner() throws Exception {
        CliRun run = top("-f", "json", "-q", "--depth", "3", "--top", "3");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode first = root.path("objects").get(0);
        assertEquals("class " + SCENARIO, first.path("className").asText());
        assertEquals(SCENARIO + ".CACHE (static field)", first.path("owner").asText());
        assertTrue(first.path("retainedBytes").asLong() > CACHED_BYTES, first.toString());
        assertTrue(first.path("retainedBytes").asLong() > root.path("usedHeapBytes").asLong() * 7 / 10,
                "the cache holds most of the heap: " + first.path("retainedBytes") + " of " + root.path("usedHeapBytes"));
        JsonNode store = first.path("children").get(0);
        assertEquals(SCENARIO + "$SessionCache", store.path("className").asText());
        assertEquals("java.util.HashMap", store.path("children").get(0).path("className").asText());
        assertEquals(3, root.path("objects").size());
        assertTrue(first.path("pathToGcRoot").size() >= 1);
        // Largest first.
        long previous = Long.MAX_VALUE;
        for (JsonNode n : root.path("objects")) {
            assertTrue(n.path("retainedBytes").asLong() <= previous);
            previous = n.path("retainedBytes").asLong();
        }
    }

    @Test
    void theSecondRunIsServedFromTheStoredTablesAndUnderDescends() throws Exception {
        CliRun first = top("-f", "json", "--top", "5");
        assertTrue(first.err().contains("parsing"), "the first run parses: " + first.err());
        CliRun again = top("-f", "json", "--top", "5");
        assertFalse(again.err().contains("parsing"), "the second needs no parse: " + again.err());
        assertEquals(first.out(), again.out());

        String classId = new ObjectMapper().readTree(first.out()).path("objects").get(0).path("objectId").asText();
        CliRun under = top("-f", "json", "--under", classId, "--depth", "2");
        assertEquals(0, under.exitCode(), under.err());
        assertFalse(under.err().contains("parsing"), under.err());
        JsonNode u = new ObjectMapper().readTree(under.out());
        assertEquals(classId, u.path("under").asText());
        assertEquals(SCENARIO + "$SessionCache", u.path("objects").get(0).path("className").asText());
        assertEquals("java.util.HashMap", u.path("objects").get(0).path("children").get(0).path("className").asText());

        CliRun deep = top("-q", "--depth", "6", "--top", "2");
        assertEquals(0, deep.exitCode(), deep.err());
        assertTrue(deep.out().contains(SCENARIO + "$Session @"), "six levels reach the sessions:\n" + deep.out());

        CliRun nowhere = top("-q", "--under", "0x1");
        assertEquals(2, nowhere.exitCode());
        assertTrue(nowhere.err().contains("no object at 0x1"), nowhere.err());
    }

    @Test
    void groupsTextCsvAndOutputFile() throws Exception {
        CliRun byPackage = top("-q", "-f", "json", "--by", "package");
        JsonNode groups = new ObjectMapper().readTree(byPackage.out()).path("groups");
        assertEquals("dev.heaptriage.scenarios", groups.get(0).path("name").asText(), groups.toString());
        CliRun byLoader = top("-q", "--by", "loader", "-f", "csv");
        assertTrue(byLoader.out().startsWith("loader,objects,shallowBytes,retainedBytes,heapShare\r\n"), byLoader.out());
        assertTrue(byLoader.out().contains("<bootstrap>"), byLoader.out());

        CliRun text = top("-q", "--top", "1");
        assertTrue(text.out().contains("class " + SCENARIO + " @0x"), text.out());
        assertTrue(text.out().contains("owner: " + SCENARIO + ".CACHE (static field)"), text.out());
        assertTrue(text.out().contains("path: "), text.out());

        CliRun csv = top("-q", "-f", "csv", "--top", "1");
        assertTrue(csv.out().startsWith("level,objectId,class,shallowBytes,retainedBytes,heapShare,owner,path\r\n"));
        assertTrue(csv.out().contains(",class " + SCENARIO + ","), csv.out());

        Path file = work.resolve("top.json");
        CliRun toFile = top("-q", "-f", "json", "-o", file.toString());
        assertEquals(0, toFile.exitCode(), toFile.err());
        assertEquals("", toFile.out());
        dev.heaptriage.testing.JsonSchemas.assertValid("top", Files.readString(file));
        CliRun refused = top("-q", "-o", file.toString());
        assertEquals(2, refused.exitCode(), "an existing file needs --force");

        CliRun bad = top("-q", "--by", "colour");
        assertEquals(2, bad.exitCode());
    }

    @Test
    void redactReplacesThreadNamesInOwnersAndPaths() throws Exception {
        CliRun plain = top("-q", "-f", "json", "--top", "50");
        CliRun redacted = top("-q", "-f", "json", "--top", "50", "--redact");
        assertTrue(plain.out().contains("thread '"), "some owner or path names a thread");
        // Only the names the JDK gives its own threads (main, Finalizer, ...) stay readable: they are not data.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("thread '([^']*)'").matcher(redacted.out());
        while (m.find()) {
            assertTrue(m.group(1).startsWith("<redacted:")
                    || dev.heaptriage.text.DumpString.isJdkThreadName(m.group(1)), "thread name left: " + m.group());
        }
    }

    @Test
    void topRunsInAProcessInEveryFormat() throws Exception {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        for (String format : new String[] {"text", "json", "csv"}) {
            CliProcess p = CliProcess.run(null, null, "top", dump.toString(), "--index-dir",
                    work.resolve("idx").toString(), "-q", "-f", format);
            assertEquals(0, p.exitCode(), p.err());
            assertTrue(p.out().contains(SCENARIO), format + ": " + p.out());
        }
    }
}
