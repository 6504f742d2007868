package dev.heaptriage.report;

/** A detector that failed; the run goes on and the report keeps the message. */
public record DetectorError(String detector, String message) {
}
