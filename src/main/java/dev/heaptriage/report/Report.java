package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one immutable result of an analysis (DESIGN.md §3). Findings are sorted by {@link Finding#ORDER} on
 * construction; every filter returns a new Report, so all renderers see the same model.
 *
 * <p>{@code baseline} and {@code resolved} are set when the report was compared with an earlier one
 * ({@code --baseline}); without a baseline they are null and empty. {@code detectors} (the detectors that ran, for
 * SARIF rules and JUnit test cases) and {@code failOn} (the {@code --fail-on} level, for JUnit failures) describe the
 * run, not the dump: the JSON report leaves them out.
 */
@JsonPropertyOrder({"schemaVersion", "tool", "dump", "baseline", "summary", "findings", "resolved", "errors",
        "warnings", "timings", "heapParts"})
public record Report(int schemaVersion, ToolInfo tool, DumpSummary dump, Baseline baseline, Summary summary,
                     List<Finding> findings, List<BaselineFinding> resolved, List<DetectorError> errors,
                     List<String> warnings, Timings timings, @JsonIgnore List<DetectorDescriptor> detectors,
                     @JsonIgnore Severity failOn, List<HeapPart> heapParts) {

    public static final int SCHEMA_VERSION = 1;

    public Report {
        findings = findings == null ? List.of() : findings.stream().sorted(Finding.ORDER).toList();
        resolved = resolved == null ? List.of() : List.copyOf(resolved);
        errors = errors == null ? List.of() : List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
        heapParts = heapParts == null ? List.of() : List.copyOf(heapParts);
        summary = Summary.of(findings);
    }

    public static Report of(ToolInfo tool, DumpSummary dump, List<Finding> findings, List<DetectorError> errors,
                            List<String> warnings, Timings timings) {
        return new Report(SCHEMA_VERSION, tool, dump, null, null, findings, null, errors, warnings, timings, null,
                null, null);
    }

    /** This report with other findings (the baseline and the rest stay). */
    public Report withFindings(List<Finding> newFindings) {
        return with(newFindings);
    }

    private Report with(List<Finding> newFindings) {
        return new Report(schemaVersion, tool, dump, baseline, null, newFindings, resolved, errors, warnings, timings,
                detectors, failOn, heapParts);
    }

    public Report withTimings(Timings newTimings) {
        return new Report(schemaVersion, tool, dump, baseline, null, findings, resolved, errors, warnings, newTimings,
                detectors, failOn, heapParts);
    }

    public Report withDump(DumpSummary newDump) {
        return new Report(schemaVersion, tool, newDump, baseline, null, findings, resolved, errors, warnings, timings,
                detectors, failOn, heapParts);
    }

    public Report withWarnings(List<String> newWarnings) {
        return new Report(schemaVersion, tool, dump, baseline, null, findings, resolved, errors, newWarnings, timings,
                detectors, failOn, heapParts);
    }

    /** This report with its heap picture: the disjoint parts of the heap the findings' owners retain. */
    public Report withHeapParts(List<HeapPart> parts) {
        return new Report(schemaVersion, tool, dump, baseline, null, findings, resolved, errors, warnings, timings,
                detectors, failOn, parts);
    }

    /** This report with the detectors that ran (their descriptions, for SARIF rules and JUnit test cases). */
    public Report withDetectors(List<DetectorDescriptor> ran) {
        return new Report(schemaVersion, tool, dump, baseline, null, findings, resolved, errors, warnings, timings,
                ran, failOn, heapParts);
    }

    /** This report with the {@code --fail-on} level it is gated on (JUnit shows failures from it). */
    public Report withFailOn(Severity level) {
        return new Report(schemaVersion, tool, dump, baseline, null, findings, resolved, errors, warnings, timings,
                detectors, level, heapParts);
    }

    /** This report compared with a baseline: findings with their deltas, and the baseline's findings now gone. */
    public Report withBaseline(Baseline newBaseline, List<Finding> comparedFindings, List<BaselineFinding> gone) {
        return new Report(schemaVersion, tool, dump, newBaseline, null, comparedFindings, gone, errors, warnings,
                timings, detectors, failOn, heapParts);
    }

    /** Every finding's code location under {@code root} ({@code --source-root}); a blank root changes nothing. */
    public Report withSourceRoot(String root) {
        if (root == null || root.isBlank()) {
            return this;
        }
        return with(findings.stream()
                .map(f -> f.location() == null ? f : f.withLocation(f.location().under(root))).toList());
    }

    /** Whether a finding fails the {@code --fail-on level} gate ({@link Finding#failsGate}). */
    public boolean failsGate(Severity level) {
        return level != null && findings.stream().anyMatch(f -> f.failsGate(level));
    }

    /** Keeps findings at or above {@code min}. */
    public Report atLeast(Severity min) {
        return with(findings.stream().filter(f -> f.severity().atLeast(min)).toList());
    }

    /** Keeps at most {@code max} evidence entries per finding; {@code count} keeps the full number. */
    public Report limitEvidence(int max) {
        return with(findings.stream()
                .map(f -> f.evidence().size() <= max ? f : f.withEvidence(f.evidence().subList(0, max)))
                .toList());
    }

    /** The highest severity among the findings, if any. */
    public Optional<Severity> highestSeverity() {
        return findings.stream().map(Finding::severity).max(Comparator.naturalOrder());
    }

    /**
     * This report with every dump string replaced by {@code <redacted:N chars>}: the {@link DumpString}s that the
     * findings' texts, breakdown labels, evidence attributes and path roots quote (a JDK thread's own name stays, it
     * is not data), and nothing else: the tool's words and code names (classes, fields, methods) stay readable. The
     * titles of resolved findings come from the baseline report, a file that keeps no dump strings apart: they are
     * replaced whole.
     */
    public Report redacted() {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            List<Breakdown> breakdown = f.breakdown().stream()
                    .map(b -> new Breakdown(b.label().redacted(), b.count())).toList();
            List<Evidence> evidence = f.evidence().stream().map(Evidence::redacted).toList();
            out.add(new Finding(f.detector(), f.fingerprint(), f.severity(), redacted(f.title()),
                    redacted(f.summary()), f.count(), f.retainedBytes(), f.wastedBytes(), redacted(f.owner()),
                    breakdown, evidence, f.remediation(), f.location(), f.baselineDelta()));
        }
        List<BaselineFinding> gone = resolved.stream().map(b -> new BaselineFinding(b.detector(), b.fingerprint(),
                b.severity(), redact(b.title()), b.count(), b.retainedBytes())).toList();
        return new Report(schemaVersion, tool, dump == null ? null : dump.redacted(), baseline, null, out, gone, errors,
                warnings, timings, detectors,
                failOn, heapParts);
    }

    private static Text redacted(Text t) {
        return t == null ? null : t.redacted();
    }

    /** The placeholder that replaces a redacted string. */
    public static String redact(String value) {
        return value == null ? null : DumpString.placeholder(value.length());
    }
}
