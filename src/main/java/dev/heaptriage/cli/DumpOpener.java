package dev.heaptriage.cli;

import dev.heaptriage.load.DumpException;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.load.ResourceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Opens a dump for the commands that need the heap itself, with the exit codes of DESIGN.md §2. */
final class DumpOpener {
    private DumpOpener() {
    }

    /** Something to run against an opened dump. */
    interface HeapTask {
        void run(LoadedDump dump) throws IOException;
    }

    static IndexDirectory index(Path dump, Path indexDir) throws ResourceException {
        try {
            return IndexDirectory.of(dump, indexDir);
        } catch (IOException e) {
            throw new ResourceException("cannot use the index directory " + (indexDir == null
                    ? IndexDirectory.defaultBase() : indexDir) + ": " + e.getMessage()
                    + "; pass --index-dir with a writable folder");
        }
    }

    /** Checks, loads and runs {@code task}; returns the exit code and prints errors as one line. */
    static int withHeap(String command, Path dump, Path indexDir, boolean quiet, PrintWriter err, HeapTask task)
            throws IOException {
        Progress progress = new Progress(err, !quiet && Progress.terminal());
        DumpFile file = null;
        try {
            file = DumpFile.check(dump);
            Consumer<String> p = progress;
            try (LoadedDump loaded = DumpLoader.open(file, index(dump, indexDir), p)) {
                progress.clear();
                if (!quiet) {
                    loaded.warnings().forEach(w -> err.println("warning: " + w));
                }
                task.run(loaded);
            }
            return ExitCode.OK.code;
        } catch (DumpException e) {
            progress.clear();
            err.println(command + ": " + e.getMessage());
            return ExitCode.BAD_DUMP.code;
        } catch (ResourceException e) {
            progress.clear();
            err.println(command + ": " + e.getMessage());
            return ExitCode.RESOURCES.code;
        } catch (OutOfMemoryError e) {
            progress.clear();
            err.println(command + ": " + DumpLoader.notEnoughMemory(file).getMessage());
            return ExitCode.RESOURCES.code;
        }
    }
}
