package dev.heaptriage.load;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Small pieces of the loader's one-line error messages, and the file-system facts they need. */
public final class Messages {
    private Messages() {
    }

    /** A path as messages show it: {@code 'x/y'} (the CLI escapes what a terminal would interpret). */
    static String quote(Path p) {
        return "'" + p + "'";
    }

    /** Why an I/O operation failed, in words: {@code permission denied}, {@code no such file or folder 'x'}. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + (a.getFile() == null ? "" : " on " + quote(Path.of(a.getFile())));
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder" + (n.getFile() == null ? "" : " " + quote(Path.of(n.getFile())));
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return Character.toLowerCase(r.charAt(0)) + r.substring(1)
                    + (f.getFile() == null ? "" : " (" + quote(Path.of(f.getFile())) + ")");
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    /** True when {@code e} or a cause says the disk is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The owner's user id of {@code p} (not following a link), or -1 where the file system has none. */
    static long uid(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The user id this process runs as, or -1 where there is none (not a Unix system). */
    static long currentUid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
