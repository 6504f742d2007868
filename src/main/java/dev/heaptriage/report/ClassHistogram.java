package dev.heaptriage.report;

import java.util.List;

/** Classes of a dump by instance count and shallow bytes, largest first ({@code heaptriage histogram}). */
public record ClassHistogram(List<Row> rows) {
    public ClassHistogram {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** One class (all class loaders' classes of that name together). */
    public record Row(String className, long instances, long shallowBytes) {
    }
}
