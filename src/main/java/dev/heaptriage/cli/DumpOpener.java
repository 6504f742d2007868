package dev.heaptriage.cli;

import dev.heaptriage.detect.Overviews;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.load.DumpException;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.load.MemoryCheck;
import dev.heaptriage.load.ResourceException;
import dev.heaptriage.load.UsageException;
import dev.heaptriage.render.Printable;
import dev.heaptriage.report.Overview;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens a dump for the commands that need the heap itself, with the exit codes of DESIGN.md §2. */
final class DumpOpener {
    private DumpOpener() {
    }

    /** Something to do with the overview tables of a dump. */
    interface OverviewTask {
        void run(Overview overview) throws IOException;
    }

    /** The key of the overview tables of heap {@code heap} (0 or 1: the first) in the index folder. */
    static String overviewKey(IndexDirectory index, int heap) {
        return index.cacheKey(Version.get(), List.of("overview"), Math.max(heap, 1));
    }

    /**
     * Builds the overview tables of an open heap and stores them for the commands that show them. A failure (too
     * little memory or disk for them) costs only the warning it returns; null when all went well.
     */
    static String storeOverview(IndexDirectory index, int heap, HeapView view, List<String> warnings) {
        Overview overview;
        try {
            overview = Overviews.of(view).withWarnings(warnings);
        } catch (OutOfMemoryError e) {
            return "not enough memory for the thread and class tables; 'threads' and 'histogram' will parse the dump";
        }
        return storeOverview(index, heap, overview);
    }

    /** Stores the overview tables; returns a warning when they cannot be written, else null. */
    static String storeOverview(IndexDirectory index, int heap, Overview overview) {
        String key = overviewKey(index, heap);
        try {
            index.writeAtomically(index.overviewCacheFile(key), overview.toBytes(key));
            return null;
        } catch (IOException e) {
            return "could not save the thread and class tables: " + Printable.escape(e.toString());
        }
    }

    /**
     * Opens and locks the dump's index folder. A run that has to wait for another says so on stderr, terminal or
     * not (unless {@code -q}), so a CI log shows why it stands still.
     */
    static IndexDirectory index(Path dump, Path indexDir, boolean quiet, PrintWriter err, Progress progress)
            throws ResourceException, UsageException, DumpException {
        try {
            return IndexDirectory.open(dump, indexDir, message -> {
                if (!quiet) {
                    progress.clear();
                    err.println("heaptriage: " + Printable.escape(message));
                    err.flush();
                }
            });
        } catch (IOException e) {
            // The dump itself vanished or cannot be resolved between the check and here.
            throw new DumpException("cannot read '" + dump + "': " + dev.heaptriage.load.Messages.reason(e), e);
        }
    }

    /**
     * The overview tables of a dump ({@code threads}, {@code histogram}): from the index folder when {@code analyze}
     * or an earlier run stored them for this exact dump, else by parsing it (and storing them). Returns the exit code
     * and prints errors as one line.
     */
    static int withOverview(String command, DumpOptions input, PrintWriter err, OverviewTask task)
            throws IOException {
        return withHeap(command, input, err, stored -> true, task, (heap, overview) -> task.run(overview));
    }

    /** Something to do with the open heap of a dump (and its overview tables, built from it). */
    interface HeapTask {
        void run(HeapView heap, Overview overview) throws IOException;
    }

    /**
     * A command that is answered from the stored overview tables when they are there and {@code enough} says they
     * answer it ({@code fromStored}), else from the heap, parsed ({@code fromHeap}; the tables are stored then for
     * the next time). Returns the exit code and prints errors as one line.
     */
    static int withHeap(String command, DumpOptions input, PrintWriter err, java.util.function.Predicate<Overview> enough,
                        OverviewTask fromStored, HeapTask fromHeap) throws IOException {
        Progress progress = new Progress(err, Progress.modeFor(input.quiet));
        DumpFile file = null;
        try {
            file = DumpFile.check(input.dump);
            try (IndexDirectory index = index(input.dump, input.indexDir, input.quiet, err, progress)) {
                String key = overviewKey(index, 1);
                Optional<Overview> stored = index.read(index.overviewCacheFile(key), MAX_OVERVIEW_BYTES)
                        .flatMap(b -> Overview.fromBytes(b, key)).filter(enough);
                if (stored.isPresent()) {
                    Overview overview = stored.get().withDumpPath(input.dump.toString());
                    if (!input.quiet) {
                        overview.warnings().forEach(w -> err.println("warning: " + Printable.escape(w)));
                    }
                    progress.clear();
                    fromStored.run(overview);
                    return ExitCode.OK.code;
                }
                progress.accept("loading " + input.dump.getFileName());
                try (LoadedDump loaded = DumpLoader.open(file, index, progress,
                        new DumpLoader.Options(0, false, JvmMemory.forThisJvm(err, input.quiet)))) {
                    progress.tables();
                    Overview overview = Overviews.of(loaded.heap()).withWarnings(loaded.warnings())
                            .withDumpPath(input.dump.toString());
                    String warning = storeOverview(index, 1, overview);
                    progress.finish();
                    progress.clear();
                    if (!input.quiet) {
                        loaded.warnings().forEach(w -> err.println("warning: " + Printable.escape(w)));
                        if (warning != null) {
                            err.println("warning: " + warning);
                        }
                    }
                    fromHeap.run(loaded.heap(), overview);
                }
            }
            return ExitCode.OK.code;
        } catch (MemoryCheck.Relaunch r) {
            progress.clear();
            return JvmMemory.relaunch(r, Main.arguments(), err, input.quiet);
        } catch (DumpException e) {
            return Errors.print(err, progress, command, e.getMessage(), ExitCode.BAD_DUMP);
        } catch (ResourceException e) {
            return Errors.print(err, progress, command, e.getMessage(), ExitCode.RESOURCES);
        } catch (UsageException e) {
            return Errors.print(err, progress, command, e.getMessage(), ExitCode.USAGE);
        } catch (OutOfMemoryError e) {
            return Errors.print(err, progress, command, DumpLoader.notEnoughMemory(file).getMessage(),
                    ExitCode.RESOURCES);
        }
    }

    /** A stored overview larger than this is not one heaptriage wrote. */
    private static final long MAX_OVERVIEW_BYTES = 1L << 30;
}
