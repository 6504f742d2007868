package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Saves and loads a whole {@link Report} losslessly (unlike the public JSON, which flattens path steps to text and
 * leaves out sensitive values), for the analysis cache. Not a user-facing format: it may change with any version,
 * which is why the cache key includes the tool version.
 */
public final class ReportStore {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .addMixIn(PathStep.class, PathStepMixin.class)
            .addMixIn(Finding.class, FindingMixin.class);

    private ReportStore() {
    }

    abstract static class PathStepMixin {
        @JsonValue(false)
        abstract String text();

        @JsonIgnore
        abstract String compact();
    }

    abstract static class FindingMixin {
        @JsonIgnore(false)
        @JsonProperty("sensitiveValues")
        abstract List<String> sensitiveValues();
    }

    /** Writes atomically (temp file, then rename), so a crash never leaves a half-written cache entry. */
    public static void write(Report report, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), report);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The stored report, or empty when the file is missing or unreadable (a stale format counts as missing). */
    public static Optional<Report> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(file.toFile(), Report.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
