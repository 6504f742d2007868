package dev.heaptriage.cli;

import dev.heaptriage.load.Messages;
import dev.heaptriage.render.Renderer;
import dev.heaptriage.report.Report;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;

/**
 * Where the report goes. {@code -o FILE} is checked before the analysis (a missing folder, a folder, the dump
 * itself or an existing file without {@code --force} are usage errors, exit 2) and written atomically: a temp file
 * in the same folder, synced, then renamed onto FILE, so FILE is either untouched or the whole report, and nothing
 * is left behind when writing fails (a full disk is exit 4). Standard output is checked after writing: a report
 * that could not be written (a full disk, {@code > /dev/full}) is exit 4, not 0.
 */
final class ReportOutput {
    private final Path file;
    private final boolean force;

    private ReportOutput(Path file, boolean force) {
        this.file = file;
        this.force = force;
    }

    /** Writing the report failed; {@link #exit} says how the command ends. */
    static final class Failure extends Exception {
        final ExitCode exit;

        Failure(String message, ExitCode exit) {
            super(message);
            this.exit = exit;
        }
    }

    static ReportOutput check(CommandLine cl, Path file, Path dump, boolean force) {
        String shown = "'" + file + "'";
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cl, "-o " + shown + " is a folder; expected the name of the "
                    + "report file to write");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(cl, "cannot write -o " + shown + ": the folder " + "'"
                    + parent + "' does not exist; create it first");
        }
        if (!Files.isWritable(parent)) {
            throw new CommandLine.ParameterException(cl, "cannot write -o " + shown + ": permission denied on the "
                    + "folder '" + parent + "'");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (isSameFile(file, dump)) {
                throw new CommandLine.ParameterException(cl, "refusing to write the report over the dump itself ("
                        + shown + "), even with --force; choose another -o");
            }
            if (!force) {
                throw new CommandLine.ParameterException(cl, "refusing to overwrite " + shown + "; pass --force to "
                        + "replace it");
            }
        }
        return new ReportOutput(file, force);
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the report to FILE through a temp file and a rename. */
    void write(Renderer renderer, Report report) throws Failure {
        String shown = "'" + file + "'";
        Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 Writer w = new OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
                renderer.render(report, w);
                w.flush();
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (force && Files.exists(file)) {
                keepPermissions(file, tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                publishNew(tmp, file);
            }
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
            throw new Failure("refusing to overwrite " + shown + " (it appeared while the report was written); "
                    + "pass --force to replace it", ExitCode.USAGE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            if (Messages.isDiskFull(e)) {
                throw new Failure("not enough disk space to write the report to " + shown + "; free some space or "
                        + "choose another -o", ExitCode.RESOURCES);
            }
            throw new Failure("cannot write the report to " + shown + ": " + Messages.reason(e), ExitCode.USAGE);
        }
    }

    /** Renames without replacing: a hard link fails if FILE exists, then the temp name goes. */
    private static void publishNew(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
            Files.delete(tmp);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (FileAlreadyExistsException) e;
            }
            Files.move(tmp, file); // a file system without hard links: not atomic against a racing writer
        }
    }

    private static void keepPermissions(Path from, Path to) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(from);
            Files.setPosixFilePermissions(to, p);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the report keeps the default permissions
        }
    }

    /** Writes the report to standard output and checks that it got there. */
    static void toStdout(Renderer renderer, Report report, PrintWriter out) throws Failure {
        try {
            renderer.render(report, out);
            out.flush();
        } catch (IOException e) {
            throw stdoutFailure(e.getMessage());
        }
        if (out.checkError()) {
            throw stdoutFailure(null);
        }
    }

    private static Failure stdoutFailure(String why) {
        return new Failure("could not write the report to standard output" + (why == null ? "" : " (" + why + ")")
                + ": the disk may be full or the reader gone; the report is lost, run again with -o FILE",
                ExitCode.RESOURCES);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort; the name is hidden and unique
        }
    }
}
