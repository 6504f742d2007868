package dev.heaptriage.report;

import java.util.List;

/**
 * The instances of a class with chosen values ({@code heaptriage objects}).
 *
 * @param className  the class asked for
 * @param subclasses whether instances of its subclasses are included
 * @param where      the filter, or null
 * @param fields     the chosen field paths, in order (each row has a value per path)
 * @param instances  instances of the class (and subclasses) before the filter
 * @param count      instances that pass the filter
 * @param rows       the first {@code --limit} of them, largest retained first
 */
public record ObjectTable(String className, boolean subclasses, String where, List<String> fields, long instances,
                          long count, List<Row> rows) {
    public ObjectTable {
        fields = List.copyOf(fields);
        rows = List.copyOf(rows);
    }

    /**
     * One object.
     *
     * @param values one per field path: a number, boolean, string (from the dump, or {@code Class @0x...} for an
     *               object) or null
     */
    public record Row(String objectId, String className, long shallowBytes, long retainedBytes, List<Object> values) {
        public Row {
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }
}
