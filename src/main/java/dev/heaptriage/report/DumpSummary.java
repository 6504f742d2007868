package dev.heaptriage.report;

/**
 * Facts about the analysed dump (DESIGN.md §3 {@code dump}). {@code createdAt} is ISO-8601 UTC, or null when the
 * dump has no timestamp. Sizes follow {@code objectLayout} (see README "Sizes"); it is null only in reports cached
 * by versions that did not record it.
 */
public record DumpSummary(String path, long sizeBytes, String format, int identifierSize, String createdAt,
                          long objects, long classes, long gcRoots, long usedHeapBytes, int threads,
                          ObjectLayoutInfo objectLayout,
                          @com.fasterxml.jackson.annotation.JsonInclude(
                                  com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) JvmOverview jvm) {
    /** Without the JVM overview (tests, reports of versions that did not record it). */
    public DumpSummary(String path, long sizeBytes, String format, int identifierSize, String createdAt, long objects,
                       long classes, long gcRoots, long usedHeapBytes, int threads, ObjectLayoutInfo objectLayout) {
        this(path, sizeBytes, format, identifierSize, createdAt, objects, classes, gcRoots, usedHeapBytes, threads,
                objectLayout, null);
    }

    public DumpSummary withPath(String newPath) {
        return new DumpSummary(newPath, sizeBytes, format, identifierSize, createdAt, objects, classes, gcRoots,
                usedHeapBytes, threads, objectLayout, jvm);
    }

    /** This summary with the JVM overview's dump strings redacted ({@code --redact}). */
    public DumpSummary redacted() {
        return jvm == null ? this : new DumpSummary(path, sizeBytes, format, identifierSize, createdAt, objects,
                classes, gcRoots, usedHeapBytes, threads, objectLayout, jvm.redacted());
    }
}
