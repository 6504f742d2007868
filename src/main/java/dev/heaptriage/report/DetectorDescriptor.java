package dev.heaptriage.report;

/**
 * A detector that ran, as the reports describe it (the SARIF rules, the JUnit test cases): the report's copy of the
 * detector's own metadata, so renderers never need the detectors themselves.
 */
public record DetectorDescriptor(String id, String title, Severity defaultSeverity, String description,
                                 String remediation) {
}
