package dev.heaptriage.detect;

import dev.heaptriage.report.DetectorDescriptor;
import dev.heaptriage.report.Severity;

/**
 * The one home of a detector's metadata; it drives {@code heaptriage detectors} and the docs.
 *
 * @param id              stable kebab-case id; filters and baselines key on it, so never rename it
 * @param title           a short noun phrase
 * @param defaultSeverity the severity of a typical finding (the actual one depends on counts and bytes)
 * @param description     what it looks for and how it decides, in sentences a user reads
 * @param remediation     the correct idiom, in one or two sentences
 * @param since           the version that added it
 */
public record DetectorInfo(String id, String title, Severity defaultSeverity, String description,
                           String remediation, String since) {

    /** The report's copy of this metadata (SARIF rules, JUnit test cases). */
    public DetectorDescriptor descriptor() {
        return new DetectorDescriptor(id, title, defaultSeverity, description, remediation);
    }
}
