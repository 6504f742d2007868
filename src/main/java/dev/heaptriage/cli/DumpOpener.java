package dev.heaptriage.cli;

import dev.heaptriage.load.DumpException;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.load.MemoryCheck;
import dev.heaptriage.load.ResourceException;
import dev.heaptriage.load.UsageException;
import dev.heaptriage.render.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Opens a dump for the commands that need the heap itself, with the exit codes of DESIGN.md §2. */
final class DumpOpener {
    private DumpOpener() {
    }

    /** Something to run against an opened dump. */
    interface HeapTask {
        void run(LoadedDump dump) throws IOException;
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

    /** Checks, loads and runs {@code task}; returns the exit code and prints errors as one line. */
    static int withHeap(String command, Path dump, Path indexDir, boolean quiet, PrintWriter err, HeapTask task)
            throws IOException {
        Progress progress = new Progress(err, Progress.modeFor(quiet));
        DumpFile file = null;
        try {
            file = DumpFile.check(dump);
            try (IndexDirectory index = index(dump, indexDir, quiet, err, progress);
                 LoadedDump loaded = DumpLoader.open(file, index, progress,
                         new DumpLoader.Options(0, false, JvmMemory.forThisJvm(err, quiet)))) {
                progress.clear();
                if (!quiet) {
                    loaded.warnings().forEach(w -> err.println("warning: " + Printable.escape(w)));
                }
                task.run(loaded);
            }
            return ExitCode.OK.code;
        } catch (MemoryCheck.Relaunch r) {
            progress.clear();
            return JvmMemory.relaunch(r, Main.arguments(), err, quiet);
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
}
