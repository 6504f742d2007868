package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Wall-clock milliseconds per phase. {@code detectorMillis} breaks {@code detectMillis} down per detector;
 * {@code cached} is true when the findings came from the analysis cache instead of a fresh parse.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timings(long loadMillis, long detectMillis, long totalMillis, Map<String, Long> detectorMillis,
                      Boolean cached) {
    public Timings {
        detectorMillis = detectorMillis == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(detectorMillis));
    }
}
