package dev.heaptriage.report;

import java.util.List;

/**
 * Classes of a dump by instance count, shallow and retained bytes, largest shallow first ({@code heaptriage
 * histogram}). Retained bytes are what the instances of the class retain together (each object counted once).
 */
public record ClassHistogram(List<Row> rows) {
    public ClassHistogram {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** One class (all class loaders' classes of that name together). */
    public record Row(String className, long instances, long shallowBytes, long retainedBytes) {
    }
}
