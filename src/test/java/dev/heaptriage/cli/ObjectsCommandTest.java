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

/** {@code heaptriage objects}: the session cache's instances by field values, counts and collection sizes. */
class ObjectsCommandTest {
    private static final String SESSION = ExploreSessionCache.class.getName() + "$Session";

    @TempDir
    Path work;

    private CliRun objects(String... more) {
        List<String> args = new ArrayList<>(List.of("objects", ScenarioDumps.dump(ExploreSessionCache.class).toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--index-dir", work.resolve("idx").toString(), "-q"));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void filtersByStringsNumbersAndSizesWithAndOr() throws Exception {
        JsonNode all = json(objects(SESSION, "-f", "json", "--limit", "0"));
        assertEquals(ExploreSessionCache.SESSIONS, all.path("instances").asLong());
        assertEquals(ExploreSessionCache.SESSIONS, all.path("count").asLong());
        assertEquals(0, all.path("rows").size());

        JsonNode one = json(objects(SESSION, "-f", "json", "--where", "user = 'user-42'", "--fields",
                "user,state.length,@class"));
        assertEquals(1, one.path("count").asLong());
        JsonNode values = one.path("rows").get(0).path("values");
        assertEquals("user-42", values.get(0).asText());
        assertEquals(ExploreSessionCache.STATE_BYTES, values.get(1).asInt());
        assertEquals(SESSION, values.get(2).asText());

        // user-100 .. user-199 (100) and user-1000 .. user-1999 (1,000) match the pattern; or adds user-7.
        JsonNode regex = json(objects(SESSION, "-f", "json", "--where",
                "(user ~ '^user-1[0-9][0-9]' and state.length > 3999) or user = \"user-7\"", "--limit", "3"));
        assertEquals(1_101, regex.path("count").asLong());
        assertEquals(3, regex.path("rows").size());
        assertEquals(0, json(objects(SESSION, "-f", "json", "--where", "state.length < 4000")).path("count").asLong());
        assertEquals(0, json(objects(SESSION, "-f", "json", "--where", "user = null")).path("count").asLong());

        JsonNode maps = json(objects("java.util.HashMap", "-f", "json", "--where", "size() >= 3000",
                "--fields", "size(),table.length"));
        assertEquals(1, maps.path("count").asLong(), "only the session map holds 3,000 entries");
        assertEquals(ExploreSessionCache.SESSIONS, maps.path("rows").get(0).path("values").get(0).asInt());
        assertEquals(4096, maps.path("rows").get(0).path("values").get(1).asInt());

        JsonNode abstractMaps = json(objects("java.util.AbstractMap", "-f", "json", "--subclasses", "--where",
                "size() >= 3000"));
        assertEquals(1, abstractMaps.path("count").asLong());
    }

    @Test
    void formatsRedactionAndMistakes() throws Exception {
        CliRun text = objects(SESSION, "--where", "user = 'user-42'", "--fields", "user");
        assertTrue(text.out().startsWith("1 of 3,000 instances match user = 'user-42'"), text.out());
        assertTrue(text.out().contains("user='user-42'"), text.out());
        CliRun csv = objects(SESSION, "-f", "csv", "--where", "user = 'user-42'", "--fields", "user,state.length");
        assertTrue(csv.out().startsWith("objectId,class,shallowBytes,retainedBytes,user,state.length\r\n"), csv.out());
        assertTrue(csv.out().contains(",user-42,4000\r\n"), csv.out());
        CliRun redacted = objects(SESSION, "-f", "json", "--where", "user = 'user-42'", "--fields", "user",
                "--redact");
        assertFalse(redacted.out().contains("\"user-42\""), redacted.out());
        assertTrue(redacted.out().contains("<redacted:7 chars>"), redacted.out());

        CliRun bad = objects(SESSION, "--where", "user === 'x'");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--where: expected a number, a quoted string"), bad.err());
        assertEquals(2, objects(SESSION, "--where", "(user = 'x'").exitCode());
        CliRun noClass = objects("com.example.Nothing");
        assertEquals(2, noClass.exitCode());
        assertTrue(noClass.err().contains("no class 'com.example.Nothing'"), noClass.err());
    }

    @Test
    void objectsRunsInAProcessInEveryFormat() throws Exception {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        for (String format : new String[] {"text", "json", "csv"}) {
            CliProcess p = CliProcess.run(null, null, "objects", dump.toString(), SESSION, "--where",
                    "user = 'user-1'", "--fields", "user", "--index-dir", work.resolve("idx").toString(), "-q",
                    "-f", format);
            assertEquals(0, p.exitCode(), p.err());
            assertTrue(p.out().contains("user-1"), format + ": " + p.out());
        }
    }
}
