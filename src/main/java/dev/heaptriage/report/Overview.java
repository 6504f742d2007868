package dev.heaptriage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The whole-dump tables the command line shows besides the report: threads and the class histogram. {@code analyze}
 * stores them next to its report, so {@code heaptriage threads} and {@code histogram} after it need no parse.
 * {@code dump} is the dump they come from, in the report's shape (the {@code dump} of their JSON output). The
 * load's warnings (what a damaged dump lacks) are kept with them, so the tables are never shown without them.
 */
public record Overview(DumpSummary dump, ThreadOverview threads, ClassHistogram histogram, List<String> warnings,
                       TopTable top) {
    public Overview {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public Overview(DumpSummary dump, ThreadOverview threads, ClassHistogram histogram, List<String> warnings) {
        this(dump, threads, histogram, warnings, null);
    }

    public Overview(DumpSummary dump, ThreadOverview threads, ClassHistogram histogram) {
        this(dump, threads, histogram, List.of());
    }

    /** These tables with the load's warnings. */
    public Overview withWarnings(List<String> loadWarnings) {
        return new Overview(dump, threads, histogram, loadWarnings, top);
    }

    /**
     * These tables with the top of the dominator tree ({@code heaptriage top}); null in tables stored by versions
     * without it.
     */
    public Overview withTop(TopTable newTop) {
        return new Overview(dump, threads, histogram, warnings, newTop);
    }

    /** Lossless for the path steps of {@link #top} (the public JSON flattens them to text). */
    private static final ObjectMapper MAPPER = ReportStore.mapper();

    /** What a cache file holds: the key it was stored under, then the tables. */
    record Entry(String key, Overview overview) {
    }

    /** These tables with the dump's path as the user gave it (the stored one is the first run's). */
    public Overview withDumpPath(String path) {
        return new Overview(dump == null ? null : dump.withPath(path), threads, histogram, warnings, top);
    }

    /** The stored form under {@code key}. */
    public byte[] toBytes(String key) throws IOException {
        return MAPPER.writeValueAsBytes(new Entry(key, this));
    }

    /** The tables stored under {@code expectedKey}; empty for anything else (damaged, older, another dump's). */
    public static Optional<Overview> fromBytes(byte[] bytes, String expectedKey) {
        try {
            Entry e = MAPPER.readValue(bytes, Entry.class);
            if (e == null || e.overview() == null || !expectedKey.equals(e.key()) || e.overview().threads() == null
                    || e.overview().histogram() == null || e.overview().dump() == null) {
                return Optional.empty();
            }
            return Optional.of(e.overview());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
