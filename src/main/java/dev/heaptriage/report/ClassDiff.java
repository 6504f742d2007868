package dev.heaptriage.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two dumps of one service compared class by class ({@code heaptriage diff}): instances, shallow and retained bytes
 * before and after, largest growth of shallow bytes first (then of retained bytes, then by name).
 *
 * @param old      the earlier dump
 * @param current  the later dump
 * @param rows     every class that either dump has instances of
 */
public record ClassDiff(DumpSummary old, DumpSummary current, List<Row> rows) {
    public ClassDiff {
        rows = List.copyOf(rows);
    }

    /** One class in both dumps (zero where a dump has no instances of it). */
    public record Row(String className, long instancesBefore, long instancesAfter, long shallowBytesBefore,
                      long shallowBytesAfter, long retainedBytesBefore, long retainedBytesAfter) {
        @com.fasterxml.jackson.annotation.JsonProperty
        public long instancesChange() {
            return instancesAfter - instancesBefore;
        }

        @com.fasterxml.jackson.annotation.JsonProperty
        public long shallowBytesChange() {
            return shallowBytesAfter - shallowBytesBefore;
        }

        @com.fasterxml.jackson.annotation.JsonProperty
        public long retainedBytesChange() {
            return retainedBytesAfter - retainedBytesBefore;
        }

        /**
         * The growth of shallow bytes in percent of the earlier size; null for a class new in the later dump (it
         * grew from nothing).
         */
        @com.fasterxml.jackson.annotation.JsonProperty
        public Double shallowGrowthPercent() {
            return shallowBytesBefore == 0 ? null : 100.0 * shallowBytesChange() / shallowBytesBefore;
        }
    }

    /** The comparison of two class histograms. */
    public static ClassDiff of(DumpSummary old, ClassHistogram before, DumpSummary current, ClassHistogram after) {
        Map<String, ClassHistogram.Row> b = new HashMap<>();
        before.rows().forEach(r -> b.put(r.className(), r));
        Map<String, ClassHistogram.Row> a = new HashMap<>();
        after.rows().forEach(r -> a.put(r.className(), r));
        TreeSet<String> names = new TreeSet<>(b.keySet());
        names.addAll(a.keySet());
        List<Row> rows = new ArrayList<>();
        ClassHistogram.Row none = new ClassHistogram.Row("", 0, 0, 0);
        for (String n : names) {
            ClassHistogram.Row x = b.getOrDefault(n, none);
            ClassHistogram.Row y = a.getOrDefault(n, none);
            rows.add(new Row(n, x.instances(), y.instances(), x.shallowBytes(), y.shallowBytes(), x.retainedBytes(),
                    y.retainedBytes()));
        }
        rows.sort(Comparator.comparingLong(Row::shallowBytesChange).reversed()
                .thenComparing(Comparator.comparingLong(Row::retainedBytesChange).reversed())
                .thenComparing(Row::className));
        return new ClassDiff(old, current, rows);
    }

    /**
     * The classes that fail {@code --fail-on-growth}: at least {@code floorBytes} shallow bytes in the later dump and
     * grown by {@code percent} or more (a class new in the later dump counts as grown without bound).
     */
    public List<Row> grownPast(double percent, long floorBytes) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.shallowBytesAfter() >= floorBytes && r.shallowBytesChange() > 0
                    && (r.shallowGrowthPercent() == null || r.shallowGrowthPercent() >= percent)) {
                out.add(r);
            }
        }
        return out;
    }
}
