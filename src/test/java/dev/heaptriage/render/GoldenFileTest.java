package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.heaptriage.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every renderer against every fixture of {@link RenderFixtures}, compared with the golden file
 * {@code src/test/resources/render/<fixture>.<extension>}.
 *
 * <p>To regenerate the goldens after an intended change of output, run
 * <pre>./mvnw -B -q test -Dtest='dev.heaptriage.render.**' -Dheaptriage.updateGoldens=true</pre>
 * which writes each golden instead of comparing (the tests then pass trivially), and review the diff by eye
 * before committing: a golden is the specification of the output, not a record of whatever the code printed.
 *
 * <p>Goldens are read from and written to the source tree (Surefire's {@code basedir}), not the class path,
 * so an update is visible at once and never lands only in {@code target/}.
 */
class GoldenFileTest {

    private static final boolean UPDATE = Boolean.getBoolean("heaptriage.updateGoldens");
    private static final Path GOLDEN_DIR =
            Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "render");

    static Stream<Arguments> cases() {
        return RenderFixtures.all().keySet().stream()
                .flatMap(fixture -> Renderers.all().stream().map(r -> Arguments.of(fixture, r.name())));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("cases")
    void matchesGolden(String fixture, String format) throws IOException {
        Renderer renderer = Renderers.byName(format).orElseThrow();
        Report report = RenderFixtures.all().get(fixture);
        String actual = RenderFixtures.render(renderer, report);
        Path golden = GOLDEN_DIR.resolve(fixture + "." + renderer.fileExtension());

        if (UPDATE) {
            Files.createDirectories(GOLDEN_DIR);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("missing golden file " + golden + "; run with -Dheaptriage.updateGoldens=true and review it");
        }
        // A checkout with autocrlf may have turned \n into \r\n; renderers always write \n.
        String expected = Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertEquals(expected, actual, () -> format + " output of fixture '" + fixture + "' differs from " + golden
                + " (if the change is intended, rerun with -Dheaptriage.updateGoldens=true and review the diff)");
    }
}
