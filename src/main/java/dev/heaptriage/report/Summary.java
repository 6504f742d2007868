package dev.heaptriage.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of findings, with {@code bySeverity} listing only levels that occur, highest first. */
public record Summary(int findings, Map<String, Integer> bySeverity) {

    static Summary of(List<Finding> findings) {
        Map<String, Integer> by = new LinkedHashMap<>();
        Severity[] levels = Severity.values();
        for (int i = levels.length - 1; i >= 0; i--) {
            Severity s = levels[i];
            int n = (int) findings.stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                by.put(s.id(), n);
            }
        }
        return new Summary(findings.size(), java.util.Collections.unmodifiableMap(by));
    }
}
