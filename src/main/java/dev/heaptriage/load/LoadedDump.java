package dev.heaptriage.load;

import dev.heaptriage.heap.HeapView;
import java.util.List;

/**
 * An opened dump. Closing it releases MAT's snapshot and deletes its index files (they cannot be reopened); the
 * index folder stays open (and locked) until its owner closes it.
 */
public final class LoadedDump implements AutoCloseable {
    private final MatHeapView heap;
    private final List<String> warnings;
    private final long loadMillis;
    private final IndexDirectory index;

    LoadedDump(MatHeapView heap, List<String> warnings, long loadMillis, IndexDirectory index) {
        this.heap = heap;
        this.warnings = List.copyOf(warnings);
        this.loadMillis = loadMillis;
        this.index = index;
    }

    public HeapView heap() {
        return heap;
    }

    /** Problems found while loading that still allowed an analysis (e.g. a file that holds several heaps). */
    public List<String> warnings() {
        return warnings;
    }

    public long loadMillis() {
        return loadMillis;
    }

    @Override
    public void close() {
        try {
            heap.dispose();
        } catch (RuntimeException ignored) {
            // disposing only closes files; the index files are deleted below either way
        }
        DumpLoader.deleteIndexFilesQuietly(index.path());
        DumpLoader.released();
    }
}
