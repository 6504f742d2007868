package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A finding as a baseline report records it: what comparing needs, and what a person reads of a finding that is
 * gone (the JSON report's {@code resolved[]} entries). Its title comes from an earlier report, so it is dump text
 * without registered sensitive values: {@code --redact} replaces it whole.
 */
@JsonPropertyOrder({"detector", "fingerprint", "severity", "title", "count", "retainedBytes"})
public record BaselineFinding(String detector, String fingerprint, Severity severity, String title, long count,
                              long retainedBytes) {
}
