package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The earlier report a run was compared with ({@code --baseline}, DESIGN.md §4 "Baseline"), as the JSON report's
 * {@code baseline} object shows it.
 *
 * @param path      the baseline report file as given on the command line
 * @param createdAt when the baseline's dump was written (ISO-8601 UTC), or null when that dump had no timestamp
 * @param dump      the path of the baseline's dump, as the baseline report gives it
 */
@JsonPropertyOrder({"path", "createdAt", "dump"})
public record Baseline(String path, String createdAt, String dump) {
}
