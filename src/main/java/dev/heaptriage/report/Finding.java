package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Comparator;
import java.util.List;

/**
 * One leak a detector found (DESIGN.md §3). {@code count} is the full number of leaking objects (or threads,
 * descriptors ...); {@code evidence} holds examples only and is capped by {@code --max-evidence}.
 * {@code breakdown} groups the {@code count} (by path, peer, class, stack ...), largest first.
 *
 * <p>{@code sensitiveValues} lists every string taken from the dump's contents that the detector wrote into
 * the title, summary, owner, breakdown labels or path steps; {@link Report#redacted()} replaces each of them.
 * String attribute values of evidence are always treated as sensitive.
 *
 * <p>{@code location} is where in the application's code the finding points (null when the evidence shows no
 * application code); {@code baselineDelta} is set only when the report was compared with a baseline, and the JSON
 * report shows it as {@code baselineStatus}, {@code countDelta}, {@code bytesDelta} and {@code grown} (all null
 * without a baseline).
 */
@JsonPropertyOrder({"detector", "fingerprint", "severity", "title", "summary", "count", "retainedBytes",
        "wastedBytes", "owner", "location", "breakdown", "evidence", "remediation", "baselineStatus", "countDelta",
        "bytesDelta", "grown"})
public record Finding(String detector, String fingerprint, Severity severity, String title, String summary,
                      long count, long retainedBytes, Long wastedBytes, String owner, List<Breakdown> breakdown,
                      List<Evidence> evidence, String remediation,
                      @JsonIgnore List<String> sensitiveValues, CodeLocation location,
                      @JsonIgnore BaselineDelta baselineDelta) {

    /** Severity (highest first), then retained or wasted bytes (largest first), then detector and fingerprint. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::sortBytes, Comparator.reverseOrder())
            .thenComparing(Finding::detector)
            .thenComparing(Finding::fingerprint);

    public Finding {
        breakdown = breakdown == null ? List.of() : List.copyOf(breakdown);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        sensitiveValues = sensitiveValues == null ? List.of() : List.copyOf(sensitiveValues);
    }

    /** A finding with no code location and no baseline comparison (what detectors build). */
    public Finding(String detector, String fingerprint, Severity severity, String title, String summary, long count,
                   long retainedBytes, Long wastedBytes, String owner, List<Breakdown> breakdown,
                   List<Evidence> evidence, String remediation, List<String> sensitiveValues) {
        this(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner, breakdown,
                evidence, remediation, sensitiveValues, null, null);
    }

    /** {@code new} or {@code persisting}; null when the report was not compared with a baseline. */
    @JsonProperty("baselineStatus")
    public BaselineStatus baselineStatus() {
        return baselineDelta == null ? null : baselineDelta.status();
    }

    /** Count now minus count in the baseline; null for a new finding or without a baseline. */
    @JsonProperty("countDelta")
    public Long countDelta() {
        return baselineDelta == null ? null : baselineDelta.countDelta();
    }

    /** Retained bytes now minus in the baseline; null for a new finding or without a baseline. */
    @JsonProperty("bytesDelta")
    public Long bytesDelta() {
        return baselineDelta == null ? null : baselineDelta.bytesDelta();
    }

    /** Whether a persisting finding grew past {@code --fail-on-growth}; null without a baseline. */
    @JsonProperty("grown")
    public Boolean grown() {
        return baselineDelta == null ? null : baselineDelta.grown();
    }

    /**
     * Whether this finding fails a {@code --fail-on level} gate: at or above {@code level} and, when the report was
     * compared with a baseline, new or grown past the growth threshold.
     */
    public boolean failsGate(Severity level) {
        return severity.atLeast(level) && (baselineDelta == null || baselineDelta.gates());
    }

    @JsonIgnore
    long sortBytes() {
        return Math.max(retainedBytes, wastedBytes == null ? 0 : wastedBytes);
    }

    public Finding withEvidence(List<Evidence> newEvidence) {
        return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, newEvidence, remediation, sensitiveValues, location, baselineDelta);
    }

    public Finding withFingerprint(String newFingerprint) {
        return new Finding(detector, newFingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, sensitiveValues, location, baselineDelta);
    }

    public Finding withLocation(CodeLocation newLocation) {
        return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, sensitiveValues, newLocation, baselineDelta);
    }

    public Finding withBaselineDelta(BaselineDelta newDelta) {
        return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, sensitiveValues, location, newDelta);
    }

    /** This finding with {@code more} dump strings registered for {@code --redact} (duplicates are dropped). */
    public Finding withSensitive(java.util.Collection<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(sensitiveValues);
        for (String s : more) {
            if (s != null && !s.isEmpty()) {
                all.add(s);
            }
        }
        if (all.size() == sensitiveValues.size()) {
            return this;
        }
        return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, List.copyOf(all), location, baselineDelta);
    }

    /**
     * Every text a person reads in this finding, for checks over all of it: title, summary, owner, breakdown
     * labels, path steps, string attribute values and remediation.
     */
    public List<String> texts() {
        List<String> out = new java.util.ArrayList<>();
        out.add(title);
        out.add(summary);
        out.add(owner);
        out.add(remediation);
        breakdown.forEach(b -> out.add(b.label()));
        for (Evidence e : evidence) {
            e.pathToGcRoot().forEach(p -> out.add(p.viaText()));
            e.attributes().values().forEach(v -> addStrings(v, out));
        }
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    private static void addStrings(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof java.util.Collection<?> c) {
            c.forEach(x -> addStrings(x, out));
        }
    }

    public static Builder builder(String detector) {
        return new Builder(detector);
    }

    /** Builds a finding step by step; {@link #sensitive(String)} registers dump text for redaction. */
    public static final class Builder {
        private final String detector;
        private String fingerprint;
        private Severity severity = Severity.MEDIUM;
        private String title;
        private String summary = "";
        private long count;
        private long retainedBytes;
        private Long wastedBytes;
        private String owner;
        private List<Breakdown> breakdown = List.of();
        private List<Evidence> evidence = List.of();
        private String remediation = "";
        private final java.util.ArrayList<String> sensitive = new java.util.ArrayList<>();

        private Builder(String detector) {
            this.detector = detector;
        }

        /** The part after {@code detector/}: class and field names only, never object ids. */
        public Builder fingerprint(String key) {
            this.fingerprint = detector + "/" + key;
            return this;
        }

        public Builder severity(Severity s) {
            this.severity = s;
            return this;
        }

        public Builder title(String t) {
            this.title = t;
            return this;
        }

        public Builder summary(String s) {
            this.summary = s;
            return this;
        }

        public Builder count(long c) {
            this.count = c;
            return this;
        }

        public Builder retainedBytes(long b) {
            this.retainedBytes = b;
            return this;
        }

        public Builder wastedBytes(Long b) {
            this.wastedBytes = b;
            return this;
        }

        public Builder owner(String o) {
            this.owner = o;
            return this;
        }

        public Builder breakdown(List<Breakdown> b) {
            this.breakdown = b;
            return this;
        }

        public Builder evidence(List<Evidence> e) {
            this.evidence = e;
            return this;
        }

        public Builder remediation(String r) {
            this.remediation = r;
            return this;
        }

        /** Marks a string from the dump's contents that appears in prose, so {@code --redact} can remove it. */
        public Builder sensitive(String value) {
            if (value != null && !value.isEmpty()) {
                sensitive.add(value);
            }
            return this;
        }

        public Finding build() {
            if (fingerprint == null || title == null) {
                throw new IllegalStateException("a finding needs a fingerprint and a title");
            }
            return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes,
                    owner, breakdown, evidence, remediation, sensitive);
        }
    }
}
