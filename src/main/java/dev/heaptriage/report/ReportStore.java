package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Saves and loads a whole {@link Report} losslessly (unlike the public JSON, which flattens path steps to text and
 * shows dump strings as plain strings: see {@link StoredTexts}), for the analysis cache. Not a user-facing format: it may change with any version,
 * which is why the cache key includes the tool version.
 */
public final class ReportStore {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(StoredTexts.module())
            .addMixIn(PathStep.class, PathStepMixin.class);

    private ReportStore() {
    }

    /** The lossless mapper, for the other stored tables that hold path steps ({@link Overview}). */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    abstract static class PathStepMixin {
        @JsonValue(false)
        abstract String text();

        @JsonIgnore
        abstract String compact();
    }

    /**
     * The version of the stored form, part of every stored key: a cache written before a change of the model (the
     * tool version alone may stay the same during development) is a miss, never a report with fields missing.
     */
    private static final String FORMAT = "store-4:";

    /** What a cache file holds: the key it was stored under, then the report. */
    record Entry(String key, Report report) {
    }

    /** The stored form of {@code report} under {@code key} (the caller writes it atomically). */
    public static byte[] toBytes(Report report, String key) throws IOException {
        return MAPPER.writeValueAsBytes(new Entry(FORMAT + key, report));
    }

    /**
     * The report stored under {@code expectedKey}, or empty when the bytes are not a stored report of this version
     * (truncated, garbage, not UTF-8, an older format) or were stored under another key (another dump's report,
     * copied or left there). A damaged cache is a cache miss, never an error. A null {@code expectedKey} accepts
     * any key (for tools that inspect a cache file).
     */
    public static Optional<Report> fromBytes(byte[] bytes, String expectedKey) {
        try {
            Entry e = MAPPER.readValue(bytes, Entry.class);
            if (e == null || e.report() == null || e.key() == null || !e.key().startsWith(FORMAT)
                    || expectedKey != null && !(FORMAT + expectedKey).equals(e.key())) {
                return Optional.empty();
            }
            Report r = e.report();
            if (r.schemaVersion() != Report.SCHEMA_VERSION || r.tool() == null || r.dump() == null) {
                return Optional.empty();
            }
            return Optional.of(StoredTexts.restoreAttributes(r));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
