package dev.heaptriage.report;

/**
 * Facts about the analysed dump (DESIGN.md §3 {@code dump}). {@code createdAt} is ISO-8601 UTC, or null when the
 * dump has no timestamp. Sizes follow {@code objectLayout} (see README "Sizes"); it is null only in reports cached
 * by versions that did not record it.
 */
public record DumpSummary(String path, long sizeBytes, String format, int identifierSize, String createdAt,
                          long objects, long classes, long gcRoots, long usedHeapBytes, int threads,
                          ObjectLayoutInfo objectLayout) {
    public DumpSummary withPath(String newPath) {
        return new DumpSummary(newPath, sizeBytes, format, identifierSize, createdAt, objects, classes, gcRoots,
                usedHeapBytes, threads, objectLayout);
    }
}
