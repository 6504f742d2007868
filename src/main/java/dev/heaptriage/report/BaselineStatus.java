package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a finding relates to the baseline report: a finding of the baseline that is gone is in {@code resolved}. */
public enum BaselineStatus {
    /** No finding of the baseline has this fingerprint. */
    NEW,
    /** The baseline has a finding with this fingerprint; its count and bytes may have changed. */
    PERSISTING;

    /** {@code new}, {@code persisting}: the JSON report's {@code baselineStatus}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
