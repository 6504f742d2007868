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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;

/**
 * Where a command's output goes: standard output, or {@code -o FILE}, the one place every command's {@code -o} goes
 * through. {@code -o -} is standard output. FILE is checked before the analysis (usage errors, exit 2): its folder
 * must exist; it is written only as a regular file, so a folder, device, FIFO or socket there is refused whatever
 * {@code --force} says (so {@code -o /dev/null --force} never replaces {@code /dev/null}); an existing file is
 * replaced only with {@code --force}, never when it is the dump. A symbolic link at FILE is never followed: with
 * {@code --force} the link itself is replaced and the file it points to stays as it was. FILE is written
 * atomically: a temp file created exclusively beside it with mode 0600, synced, then renamed onto FILE, so FILE is
 * either untouched or the whole output, and nothing is left behind when writing fails (a full disk is exit 4). The
 * output holds strings from the dump, so it is kept as private as the dump: group and others get no permission the
 * dump denies them. Standard output is checked after writing: output that could not be written (a full disk,
 * {@code > /dev/full}) is exit 4, not 0.
 */
final class ReportOutput {
    /** The name {@code -o} takes for standard output. */
    static final String STDOUT = "-";

    private final Path file;
    private final boolean force;
    private final Set<PosixFilePermission> privateAs;

    private ReportOutput(Path file, boolean force, Set<PosixFilePermission> privateAs) {
        this.file = file;
        this.force = force;
        this.privateAs = privateAs;
    }

    /** Writing the output failed; {@link #exit} says how the command ends. */
    static final class Failure extends Exception {
        final ExitCode exit;

        Failure(String message, ExitCode exit) {
            super(message);
            this.exit = exit;
        }
    }

    /** What a command writes: the body of its output, to a writer that is standard output or the temp file. */
    interface Body {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Checks {@code -o FILE} before any work is done; null when the output goes to standard output ({@code -o -}).
     * {@code dumps} are the dumps the command reads: never overwritten, and the output is as private as the first.
     */
    static ReportOutput check(CommandLine cl, Path file, boolean force, Path... dumps) {
        if (file.toString().equals(STDOUT)) {
            return null;
        }
        String shown = "'" + file + "'";
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(cl, "cannot write -o " + shown + ": the folder " + "'"
                    + parent + "' does not exist; create it first");
        }
        if (!Files.isWritable(parent)) {
            throw new CommandLine.ParameterException(cl, "cannot write -o " + shown + ": permission denied on the "
                    + "folder '" + parent + "'");
        }
        String kind = kindOf(file);
        if (kind != null) {
            if (kind.equals(FOLDER)) {
                throw new CommandLine.ParameterException(cl, "-o " + shown + " is a folder; expected the name of the "
                        + "file to write");
            }
            if (!kind.equals(REGULAR) && !kind.equals(LINK)) {
                throw new CommandLine.ParameterException(cl, "-o " + shown + " is " + kind + "; heaptriage writes "
                        + "only regular files, whatever --force says (-o - writes to standard output, which the "
                        + "shell can send anywhere)");
            }
            for (Path dump : dumps) {
                if (isSameFile(file, dump)) {
                    throw new CommandLine.ParameterException(cl, "refusing to write over the dump itself (" + shown
                            + "), even with --force; choose another -o");
                }
            }
            if (!force) {
                throw new CommandLine.ParameterException(cl, "refusing to overwrite " + shown + (kind.equals(LINK)
                        ? " (a symbolic link; --force replaces the link, not the file it points to)" : "")
                        + "; pass --force to replace it");
            }
        }
        return new ReportOutput(file, force, dumps.length == 0 ? null : permissionsOf(dumps[0]));
    }

    /** {@link #check(CommandLine, Path, boolean, Path...)} for a command that reads one dump. */
    static ReportOutput check(CommandLine cl, Path file, Path dump, boolean force) {
        return check(cl, file, force, dump);
    }

    private static final String REGULAR = "a regular file";
    private static final String LINK = "a symbolic link";
    private static final String FOLDER = "a folder";

    /** What is at {@code p}, not following a link, in words; null when nothing is there. */
    static String kindOf(Path p) {
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        if (a.isSymbolicLink()) {
            return LINK;
        }
        if (a.isRegularFile()) {
            return REGULAR;
        }
        if (a.isDirectory()) {
            return FOLDER;
        }
        try {
            int mode = ((Number) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue();
            return switch (mode & 0170000) {
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a FIFO (named pipe)";
                case 0140000 -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | RuntimeException e) {
            return "not a regular file";
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<PosixFilePermission> permissionsOf(Path dump) {
        try {
            return Files.getPosixFilePermissions(dump);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Writes the report to FILE through a temp file and a rename. */
    void write(Renderer renderer, Report report) throws Failure {
        write(w -> renderer.render(report, w));
    }

    /** Writes {@code body} to FILE through a private temp file, a sync and a rename. */
    void write(Body body) throws Failure {
        String shown = "'" + file + "'";
        Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        try {
            create(tmp);
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 Writer w = new OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
                body.writeTo(w);
                w.flush();
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ch.force(true);
            }
            // Checked again just before the rename: what is there now may not be what was there at the start.
            String kind = kindOf(file);
            if (kind != null && !kind.equals(REGULAR) && !kind.equals(LINK)) {
                throw new Failure("refusing to replace " + shown + ": it is " + kind + " now; heaptriage writes only "
                        + "regular files", ExitCode.USAGE);
            }
            setPermissions(tmp, finalPermissions(kind));
            if (force && kind != null) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                publishNew(tmp, file);
            }
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
            throw new Failure("refusing to overwrite " + shown + " (it appeared while the output was written); "
                    + "pass --force to replace it", ExitCode.USAGE);
        } catch (Failure e) {
            deleteQuietly(tmp);
            throw e;
        } catch (IOException e) {
            deleteQuietly(tmp);
            if (Messages.isDiskFull(e)) {
                throw new Failure("not enough disk space to write the report to " + shown + "; free some space or "
                        + "choose another -o", ExitCode.RESOURCES);
            }
            throw new Failure("cannot write the report to " + shown + ": " + Messages.reason(e), ExitCode.USAGE);
        }
    }

    /** Creates the temp file exclusively, readable by its owner only (where the file system has permissions). */
    private static void create(Path tmp) throws IOException {
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
    }

    /**
     * The permissions FILE ends with: those of the file it replaces (a replaced link's own do not count), else what
     * a new file gets under the user's umask; then without any group or other permission the dump denies.
     */
    private Set<PosixFilePermission> finalPermissions(String replacing) {
        Set<PosixFilePermission> p = java.util.EnumSet.noneOf(PosixFilePermission.class);
        if (REGULAR.equals(replacing)) {
            try {
                p.addAll(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | UnsupportedOperationException e) {
                p.addAll(newFilePermissions());
            }
        } else {
            p.addAll(newFilePermissions());
        }
        p.add(PosixFilePermission.OWNER_READ);
        p.add(PosixFilePermission.OWNER_WRITE);
        if (privateAs != null) {
            for (PosixFilePermission q : PosixFilePermission.values()) {
                boolean ownerBit = q.name().startsWith("OWNER_");
                if (!ownerBit && !privateAs.contains(q)) {
                    p.remove(q);
                }
            }
        }
        return p;
    }

    /** {@code rw-rw-rw-} less the process's umask (read from /proc on Linux; 022 where it cannot be read). */
    static Set<PosixFilePermission> newFilePermissions() {
        int umask = 0022;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    umask = Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep the common default
        }
        int mode = 0666 & ~umask;
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    private static void setPermissions(Path p, Set<PosixFilePermission> permissions) {
        try {
            Files.setPosixFilePermissions(p, permissions);
        } catch (IOException | UnsupportedOperationException ignored) {
            // a file system without POSIX permissions: the temp file's own stay
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

    /** Writes the report to standard output and checks that it got there. */
    static void toStdout(Renderer renderer, Report report, PrintWriter out) throws Failure {
        toStdout(w -> renderer.render(report, w), out);
    }

    /** Writes {@code body} to standard output and checks that it got there. */
    static void toStdout(Body body, PrintWriter out) throws Failure {
        try {
            body.writeTo(out);
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
