package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgently a finding needs attention, lowest first; {@code --min-severity} and {@code --fail-on} compare these. */
public enum Severity {
    /** Worth knowing; not a leak by itself. */
    INFO,
    /** A small or bounded waste; fix when convenient. */
    LOW,
    /** A leak that grows or wastes a noticeable share of the heap; fix soon. */
    MEDIUM,
    /** A leak that will exhaust memory or descriptors in production; fix now. */
    HIGH,
    /** The likely cause of the incident in hand. */
    CRITICAL;

    /** The lower-case name used on the command line and in JSON. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a level name case-insensitively; the message lists the valid names. */
    @JsonCreator
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "expected one of info, low, medium, high, critical but found '" + text + "'");
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
