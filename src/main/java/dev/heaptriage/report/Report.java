package dev.heaptriage.report;

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
 */
@JsonPropertyOrder({"schemaVersion", "tool", "dump", "summary", "findings", "errors", "warnings", "timings"})
public record Report(int schemaVersion, ToolInfo tool, DumpSummary dump, Summary summary, List<Finding> findings,
                     List<DetectorError> errors, List<String> warnings, Timings timings) {

    public static final int SCHEMA_VERSION = 1;

    public Report {
        findings = findings == null ? List.of() : findings.stream().sorted(Finding.ORDER).toList();
        errors = errors == null ? List.of() : List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        summary = Summary.of(findings);
    }

    public static Report of(ToolInfo tool, DumpSummary dump, List<Finding> findings, List<DetectorError> errors,
                            List<String> warnings, Timings timings) {
        return new Report(SCHEMA_VERSION, tool, dump, null, findings, errors, warnings, timings);
    }

    private Report with(List<Finding> newFindings) {
        return new Report(schemaVersion, tool, dump, null, newFindings, errors, warnings, timings);
    }

    public Report withTimings(Timings newTimings) {
        return new Report(schemaVersion, tool, dump, null, findings, errors, warnings, newTimings);
    }

    public Report withDump(DumpSummary newDump) {
        return new Report(schemaVersion, tool, newDump, null, findings, errors, warnings, timings);
    }

    public Report withWarnings(List<String> newWarnings) {
        return new Report(schemaVersion, tool, dump, null, findings, errors, newWarnings, timings);
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
     * values, breakdown labels and each registered sensitive value wherever it occurs in prose or paths.
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
                    scrub(f.remediation(), secrets), List.of()));
        }
        return with(out);
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
