package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.Comparator;
import java.util.List;

/**
 * One leak a detector found (DESIGN.md §3). {@code count} is the full number of leaking objects (or threads,
 * descriptors ...); {@code evidence} holds examples only and is capped by {@code --max-evidence}.
 * {@code breakdown} groups the {@code count} (by path, peer, class, stack ...), largest first.
 *
 * <p>{@code title}, {@code summary}, {@code owner} and breakdown labels are {@link Text}: the detector's words and
 * code names kept apart from the {@link DumpString}s it quotes, as are the dump-string values of evidence
 * attributes and the thread names of path roots; {@link Report#redacted()} replaces every dump string (but a JDK
 * thread's own name) with its length, and nothing else. {@code remediation} is the tool's words only.
 *
 * <p>{@code location} is where in the application's code the finding points (null when the evidence shows no
 * application code); {@code baselineDelta} is set only when the report was compared with a baseline, and the JSON
 * report shows it as {@code baselineStatus}, {@code countDelta}, {@code bytesDelta} and {@code grown} (all null
 * without a baseline).
 */
@JsonPropertyOrder({"detector", "fingerprint", "severity", "title", "summary", "count", "retainedBytes",
        "wastedBytes", "owner", "location", "breakdown", "evidence", "remediation", "baselineStatus", "countDelta",
        "bytesDelta", "grown"})
public record Finding(String detector, String fingerprint, Severity severity, Text title, Text summary,
                      long count, long retainedBytes, Long wastedBytes, Text owner, List<Breakdown> breakdown,
                      List<Evidence> evidence, String remediation, CodeLocation location,
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
        summary = summary == null ? Text.EMPTY : summary;
        for (String words : new String[] {detector, fingerprint, remediation}) {
            if (words != null && words.contains(DumpString.MARKER)) {
                throw new IllegalArgumentException("a dump string was pasted into a finding's words: " + words);
            }
        }
    }

    /** A finding with no code location and no baseline comparison (what detectors build). */
    public Finding(String detector, String fingerprint, Severity severity, Text title, Text summary, long count,
                   long retainedBytes, Long wastedBytes, Text owner, List<Breakdown> breakdown,
                   List<Evidence> evidence, String remediation) {
        this(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner, breakdown,
                evidence, remediation, null, null);
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
                breakdown, newEvidence, remediation, location, baselineDelta);
    }

    public Finding withFingerprint(String newFingerprint) {
        return new Finding(detector, newFingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, location, baselineDelta);
    }

    public Finding withLocation(CodeLocation newLocation) {
        return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, newLocation, baselineDelta);
    }

    public Finding withBaselineDelta(BaselineDelta newDelta) {
        return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes, owner,
                breakdown, evidence, remediation, location, newDelta);
    }

    /**
     * Every text a person reads in this finding as it shows (dump strings as they are, or their placeholders once
     * redacted), for checks over all of it: title, summary, owner, breakdown labels, path steps, string attribute
     * values and remediation.
     */
    public List<String> texts() {
        List<String> out = new java.util.ArrayList<>();
        out.add(title == null ? null : title.shown());
        out.add(summary.shown());
        out.add(owner == null ? null : owner.shown());
        out.add(remediation);
        breakdown.forEach(b -> out.add(b.label().shown()));
        for (Evidence e : evidence) {
            e.pathToGcRoot().forEach(p -> out.add(p.viaText()));
            e.attributes().values().forEach(v -> addStrings(v, out));
        }
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    /** Every dump string this finding quotes: in its texts, breakdown labels, attributes and path roots. */
    public List<DumpString> dumpStrings() {
        List<DumpString> out = new java.util.ArrayList<>();
        for (Text t : new Text[] {title, summary, owner}) {
            if (t != null) {
                out.addAll(t.dumpStrings());
            }
        }
        breakdown.forEach(b -> out.addAll(b.label().dumpStrings()));
        for (Evidence e : evidence) {
            e.pathToGcRoot().forEach(p -> p.roots().forEach(r -> {
                if (r.thread() != null) {
                    out.addAll(r.thread().dumpStrings());
                }
            }));
            e.attributes().values().forEach(v -> Evidence.addDumpStrings(v, out));
        }
        return out;
    }

    private static void addStrings(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof DumpString d) {
            out.add(d.contents());
        } else if (v instanceof java.util.Collection<?> c) {
            c.forEach(x -> addStrings(x, out));
        }
    }

    public static Builder builder(String detector) {
        return new Builder(detector);
    }

    /** Builds a finding step by step; texts that quote dump strings are {@link Text}s. */
    public static final class Builder {
        private final String detector;
        private String fingerprint;
        private Severity severity = Severity.MEDIUM;
        private Text title;
        private Text summary = Text.EMPTY;
        private long count;
        private long retainedBytes;
        private Long wastedBytes;
        private Text owner;
        private List<Breakdown> breakdown = List.of();
        private List<Evidence> evidence = List.of();
        private String remediation = "";

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

        /** A title of the tool's words and code names only. */
        public Builder title(String t) {
            this.title = Text.of(t);
            return this;
        }

        public Builder title(Text t) {
            this.title = t;
            return this;
        }

        /** A summary of the tool's words and code names only. */
        public Builder summary(String s) {
            this.summary = Text.of(s);
            return this;
        }

        public Builder summary(Text s) {
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

        /** An owner of code names only ({@code Cache.entries (static field)}). */
        public Builder owner(String o) {
            this.owner = Text.of(o);
            return this;
        }

        public Builder owner(Text o) {
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

        public Finding build() {
            if (fingerprint == null || title == null) {
                throw new IllegalStateException("a finding needs a fingerprint and a title");
            }
            return new Finding(detector, fingerprint, severity, title, summary, count, retainedBytes, wastedBytes,
                    owner, breakdown, evidence, remediation);
        }
    }
}
