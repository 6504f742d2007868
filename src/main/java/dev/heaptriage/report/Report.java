package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * Replaces every string taken from the dump's contents with {@code <redacted:N chars>}: string attribute
     * values, breakdown labels and each registered sensitive value wherever it occurs in prose or paths. The titles
     * of resolved findings come from the baseline report, which registers no sensitive values: they are replaced
     * whole.
     */
    public Report redacted() {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            List<String> secrets = new ArrayList<>(f.sensitiveValues());
            secrets.sort(Comparator.comparingInt(String::length).reversed());
            List<Breakdown> breakdown = f.breakdown().stream()
                    .map(b -> new Breakdown(redact(b.label()), b.count())).toList();
            List<Evidence> evidence = f.evidence().stream().map(e -> new Evidence(e.objectId(), e.className(),
                    e.shallowBytes(), e.retainedBytes(), redactAttributes(e.attributes()),
                    e.pathToGcRoot().stream().map(Report::redactStep).toList())).toList();
            out.add(new Finding(f.detector(), f.fingerprint(), f.severity(), scrub(f.title(), secrets),
                    scrub(f.summary(), secrets), f.count(), f.retainedBytes(), f.wastedBytes(),
                    f.owner() == null ? null : scrubQuoted(scrub(f.owner(), secrets)), breakdown, evidence,
                    scrub(f.remediation(), secrets), List.of(), f.location(), f.baselineDelta()));
        }
        List<BaselineFinding> gone = resolved.stream().map(b -> new BaselineFinding(b.detector(), b.fingerprint(),
                b.severity(), redact(b.title()), b.count(), b.retainedBytes())).toList();
        return new Report(schemaVersion, tool, dump == null ? null : dump.redacted(), baseline, null, out, gone, errors,
                warnings, timings, detectors,
                failOn, heapParts);
    }

    /** The placeholder that replaces a redacted string. */
    public static String redact(String value) {
        return value == null ? null : "<redacted:" + value.length() + " chars>";
    }

    private static Map<String, Object> redactAttributes(Map<String, Object> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, redactValue(v)));
        return out;
    }

    private static Object redactValue(Object v) {
        if (v instanceof String s) {
            return redact(s);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Report::redactValue).toList();
        }
        return v;
    }

    /** Path steps carry thread names in their roots (dump contents); classes, fields and frames are code. */
    private static PathStep redactStep(PathStep step) {
        if (step.roots().stream().allMatch(r -> r.thread() == null)) {
            return step;
        }
        return step.withRoots(step.roots().stream()
                .map(r -> r.thread() == null ? r : r.withThread(redact(r.thread()))).toList());
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'([^']*)'");

    /** Owners quote thread names ({@code local of thread 'main' in Main.run}); those are dump contents too. */
    private static String scrubQuoted(String text) {
        return QUOTED.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                m.group(1).startsWith("<redacted:") ? m.group() : "'" + redact(m.group(1)) + "'"));
    }

    private static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, redact(s));
        }
        return out;
    }
}
