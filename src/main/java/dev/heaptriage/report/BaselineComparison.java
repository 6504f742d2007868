package dev.heaptriage.report;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a report with a baseline by fingerprint (DESIGN.md §4 "Baseline"): each finding is new or persisting
 * (with its count and retained-bytes deltas), and each finding of the baseline that is gone is resolved. Heap-free.
 *
 * <p>A persisting finding has <em>grown</em> when its count or its retained bytes rose to at least
 * {@code (100 + growthPercent)%} of the baseline's: with the default {@value #DEFAULT_GROWTH_PERCENT}, twice as
 * many objects or twice the bytes; with 0, any growth. A value that was 0 and is now above 0 has grown.
 *
 * <p>A baseline finding counts as resolved only when its detector ran this time (a detector left out with
 * {@code --skip} resolves nothing), and a finding of the baseline that repeats a fingerprint is compared once.
 */
public final class BaselineComparison {
    /** The default of {@code --fail-on-growth}: count or bytes at least doubled. */
    public static final int DEFAULT_GROWTH_PERCENT = 100;

    /** Severity (highest first), bytes (largest first), then detector and fingerprint, like {@link Finding#ORDER}. */
    static final Comparator<BaselineFinding> RESOLVED_ORDER = Comparator
            .comparing(BaselineFinding::severity, Comparator.reverseOrder())
            .thenComparing(BaselineFinding::retainedBytes, Comparator.reverseOrder())
            .thenComparing(BaselineFinding::detector)
            .thenComparing(BaselineFinding::fingerprint);

    private BaselineComparison() {
    }

    /**
     * {@code current} compared with {@code baseline}. The detectors that ran are {@link Report#detectors()}, or,
     * when the report does not list them, every detector with a finding or an error in either report.
     */
    public static Report compare(Report current, BaselineReport baseline, int growthPercent) {
        if (growthPercent < 0) {
            throw new IllegalArgumentException("growth percent must be 0 or more, found " + growthPercent);
        }
        Map<String, BaselineFinding> before = new LinkedHashMap<>();
        for (BaselineFinding b : baseline.findings()) {
            before.putIfAbsent(b.fingerprint(), b);
        }
        Set<String> matched = new HashSet<>();
        List<Finding> compared = current.findings().stream().map(f -> {
            BaselineFinding b = before.get(f.fingerprint());
            if (b == null) {
                return f.withBaselineDelta(BaselineDelta.NEW);
            }
            matched.add(b.fingerprint());
            boolean grown = grew(b.count(), f.count(), growthPercent)
                    || grew(b.retainedBytes(), f.retainedBytes(), growthPercent);
            return f.withBaselineDelta(new BaselineDelta(BaselineStatus.PERSISTING, f.count() - b.count(),
                    f.retainedBytes() - b.retainedBytes(), grown));
        }).toList();
        Set<String> ran = ranDetectors(current, baseline);
        List<BaselineFinding> resolved = before.values().stream()
                .filter(b -> !matched.contains(b.fingerprint()) && ran.contains(b.detector()))
                .sorted(RESOLVED_ORDER).toList();
        return current.withBaseline(baseline.describe(), compared, resolved);
    }

    /** Whether {@code now} is at least {@code (100 + percent)%} of {@code then}, and above it. */
    static boolean grew(long then, long now, int percent) {
        if (now <= then) {
            return false;
        }
        BigInteger scaledNow = BigInteger.valueOf(now).multiply(BigInteger.valueOf(100));
        BigInteger threshold = BigInteger.valueOf(then).multiply(BigInteger.valueOf(100L + percent));
        return scaledNow.compareTo(threshold) >= 0;
    }

    private static Set<String> ranDetectors(Report current, BaselineReport baseline) {
        Set<String> ran = new HashSet<>();
        current.detectors().forEach(d -> ran.add(d.id()));
        if (ran.isEmpty()) {
            current.findings().forEach(f -> ran.add(f.detector()));
            current.errors().forEach(e -> ran.add(e.detector()));
            baseline.findings().forEach(b -> ran.add(b.detector()));
        }
        // A detector that failed this time found nothing to compare: its baseline findings are not resolved.
        current.errors().forEach(e -> ran.remove(e.detector()));
        return ran;
    }
}
