package dev.heaptriage.report;

/**
 * Facts about the analysed dump (DESIGN.md §3 {@code dump}). {@code createdAt} is ISO-8601 UTC, or null when the
 * dump has no timestamp. Sizes follow MAT's object model (see README "Sizes").
 */
public record DumpSummary(String path, long sizeBytes, String format, int identifierSize, String createdAt,
                          long objects, long classes, long gcRoots, long usedHeapBytes, int threads) {
    public DumpSummary withPath(String newPath) {
        return new DumpSummary(newPath, sizeBytes, format, identifierSize, createdAt, objects, classes, gcRoots,
                usedHeapBytes, threads);
    }
}
