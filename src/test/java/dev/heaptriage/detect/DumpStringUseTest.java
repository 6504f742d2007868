package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Detectors build sentences from {@link Text}, never from a dump string's characters (issue 24, item 1). The types
 * do most of it: the heap hands dump strings out as {@link DumpString}, whose {@code toString()} is a marker that
 * every text and finding refuses. What is left is the way out of the type, {@link DumpString#contents()} (and
 * {@link DumpString#contentsOf}, {@link Text#shown()}): the heap readers of {@code detect/jdk} and
 * {@code detect/libs} use it to compose a dump string from several (a peer {@code host:port}); anywhere else in
 * {@code detect} each use must say on its line, or the line above, why it is {@code // not a sentence}.
 */
class DumpStringUseTest {
    private static final Path DETECT = Path.of("src/main/java/dev/heaptriage/detect");
    private static final Pattern WAY_OUT = Pattern.compile("\\.contents\\(\\)|contentsOf\\(|\\.shown\\(");
    private static final String JUSTIFIED = "// not a sentence";

    @Test
    void detectorsTakeNoDumpStringOutOfItsTypeWithoutSayingWhy() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DETECT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String rel = DETECT.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith("jdk/") || rel.startsWith("libs/")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (WAY_OUT.matcher(line).find() && !line.contains(JUSTIFIED)
                            && !(i > 0 && lines.get(i - 1).contains(JUSTIFIED))) {
                        offenders.add(rel + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "dump strings taken out of their type in detectors");
    }

    @Test
    void theScanSeesTheDetectorSources() throws IOException {
        // A moved source folder must not make the scan above pass by finding nothing.
        try (Stream<Path> files = Files.walk(DETECT)) {
            assertTrue(files.filter(f -> f.toString().endsWith("Detector.java")).count() >= 5);
        }
    }

    @Test
    void aDumpStringNeverShowsItsContentsByAccident() {
        DumpString secret = DumpString.of("s3cret-token");
        assertFalse(String.valueOf(secret).contains("s3cret"));
        assertFalse(("x" + secret).contains("s3cret"));
        assertFalse(new StringBuilder().append(secret).toString().contains("s3cret"));
        Text t = Text.concat("token ", secret);
        assertFalse(t.toString().contains("s3cret"), "a text's toString() is not its characters either");
        assertEquals("token s3cret-token", t.shown());
        assertEquals("token <redacted:12 chars>", t.redacted().shown());
        assertThrows(IllegalArgumentException.class, () -> Text.of("token " + secret));
        assertThrows(IllegalArgumentException.class, () -> Text.builder().append("token " + t));
        assertThrows(IllegalArgumentException.class, () -> Text.concat(new Object()));
        assertThrows(IllegalStateException.class, t::words);
    }

    @Test
    void theJdksOwnThreadNamesAreReadableAndOthersAreNot() {
        for (String jdk : List.of("main", "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner",
                "Attach Listener", "Notification Thread", "pool-1-thread-3", "Thread-12",
                "ForkJoinPool.commonPool-worker-2")) {
            assertTrue(DumpString.threadName(jdk).readable(), jdk);
            assertEquals(jdk, Text.of(DumpString.threadName(jdk)).redacted().shown());
        }
        for (String app : List.of("pool-janitor", "main-loop", "Finalizer2", "worker-1", "payments")) {
            assertFalse(DumpString.threadName(app).readable(), app);
        }
        assertFalse(DumpString.of("main").readable(), "only a thread's name can be the JDK's own");
    }
}
