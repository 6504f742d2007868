package dev.heaptriage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** JDKs to make test dumps with: the one running the tests, and a JDK 25 when the machine has one. */
public final class Jdks {
    private Jdks() {
    }

    /** The JDK running the tests. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * A JDK 25 home: {@code $HEAPTRIAGE_JDK25}, else the first {@code /usr/lib/jvm/*25*} with a {@code bin/java}.
     * Tests that need a JDK 25 layout skip (with this reason) only when none exists.
     */
    public static Optional<Path> jdk25() {
        String env = System.getenv("HEAPTRIAGE_JDK25");
        if (env != null && Files.isExecutable(Path.of(env, "bin", "java"))) {
            return Optional.of(Path.of(env));
        }
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvm)) {
            return homes.filter(p -> p.getFileName().toString().matches(".*-25([.-].*)?"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
