package dev.heaptriage.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The folder where heaptriage keeps what it derives from one dump: MAT's index files while the dump is open, a
 * decompressed copy of a compressed dump, and the analysis cache (README "How loading works").
 *
 * <p>It is always a folder heaptriage made itself, one per dump path, inside a base folder: {@code --index-dir}
 * or the user's cache folder. heaptriage marks it with a file it creates exclusively ({@link #MARKER}), makes it
 * {@code 0700} and its files {@code 0600}, and refuses a folder of that name that it did not mark, that another
 * user owns or that others may write to. The user's own folders are never emptied: heaptriage deletes only its own
 * files, and only inside a folder it marked. Every file is created exclusively and without following links; the
 * one link heaptriage follows is the one it makes to the dump. The folder is locked while it is open (the lock is
 * taken before anything in it is touched), so two runs on one dump take turns, and runs on two dumps never share
 * a folder.
 */
public final class IndexDirectory implements AutoCloseable {
    /** The file that marks a folder as heaptriage's own. */
    static final String MARKER = "heaptriage-index.txt";
    private static final String LOCK = "lock";
    private static final String IDENTITY = "dump.identity";
    /** Subfolders heaptriage makes start with this; nothing else in a base folder is ever touched. */
    static final String PREFIX = "heaptriage-";

    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final long MARKER_WAIT_MILLIS = 2_000;

    private final Path dir;
    private final String identity;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private IndexDirectory(Path dir, String identity, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.identity = identity;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * The default base folder: the system property {@code heaptriage.cacheHome} if set, else
     * {@code $XDG_CACHE_HOME/heaptriage}, else {@code ~/.cache/heaptriage}.
     */
    public static Path defaultBase() {
        String override = System.getProperty("heaptriage.cacheHome");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("heaptriage");
    }

    /** {@link #open} without a message while waiting for the lock. */
    public static IndexDirectory of(Path dump, Path explicitBase) throws IOException, UsageException, ResourceException {
        return open(dump, explicitBase, m -> { });
    }

    /**
     * Opens, creating it if needed, the index folder of {@code dump} inside {@code explicitBase} (or
     * {@link #defaultBase()} when null), locks it, and removes what it holds from another version of the dump.
     *
     * @param waiting told once, before blocking, when another heaptriage holds the lock
     * @throws UsageException    the folder cannot be used (missing, not a folder, someone else's, not writable)
     * @throws ResourceException no space left to create it
     */
    public static IndexDirectory open(Path dump, Path explicitBase, Consumer<String> waiting)
            throws IOException, UsageException, ResourceException {
        Path real = dump.toRealPath();
        String identity = real + "\n" + Files.size(real) + "\n" + Files.getLastModifiedTime(real).toMillis() + "\n";
        Path base = explicitBase != null ? explicitBase : defaultBase();
        String shown = Messages.quote(base);
        try {
            Path baseDir = base.toString().isEmpty() ? Path.of("").toAbsolutePath() : base.toAbsolutePath();
            if (!Files.exists(baseDir) && (explicitBase == null || Files.isDirectory(baseDir.getParent()))) {
                createPrivateDirectories(baseDir);
            }
            checkBase(baseDir, shown);
            Path dir = baseDir.resolve(PREFIX + safeName(real.getFileName().toString()) + "-"
                    + sha256(real.toString()).substring(0, 16));
            claim(dir, real);
            if (Files.isSymbolicLink(dir.resolve(LOCK))) {
                throw new UsageException("cannot use the index directory " + shown + ": its lock file "
                        + Messages.quote(dir.resolve(LOCK)) + " is a symbolic link, and heaptriage follows none in its "
                        + "folder; remove it");
            }
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), fileMode());
            FileLock lock;
            try {
                lock = acquire(channel, dir, waiting);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            IndexDirectory d = new IndexDirectory(dir, identity, channel, lock);
            try {
                d.checkIdentity();
            } catch (IOException | RuntimeException e) {
                d.close();
                throw e;
            }
            return d;
        } catch (IOException e) {
            if (Messages.isDiskFull(e)) {
                throw new ResourceException("not enough disk space to create the index directory in " + shown
                        + "; free some space or pass --index-dir on a larger disk", e);
            }
            throw new UsageException("cannot use the index directory " + shown + ": " + Messages.reason(e)
                    + "; pass --index-dir with a folder of your own", e);
        }
    }

    private static FileLock acquire(FileChannel channel, Path dir, Consumer<String> waiting) throws IOException {
        boolean told = false;
        while (true) {
            try {
                FileLock l = channel.tryLock();
                if (l != null) {
                    return l;
                }
                if (!told) {
                    waiting.accept("waiting for another heaptriage that is analysing this dump (it holds "
                            + Messages.quote(dir.resolve(LOCK)) + ")");
                    told = true;
                }
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                // Held by this JVM (tests run commands in-process): wait for it like for another process.
                if (!told) {
                    waiting.accept("waiting for another analysis of this dump in this process");
                    told = true;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the lock of " + dir, ie);
                }
            }
        }
    }

    /**
     * Creates a missing base folder private to the user: the default one with its parents, an explicit one only
     * when its parent exists (a mistyped path should fail, not grow a tree).
     */
    private static void createPrivateDirectories(Path base) throws IOException {
        Path parent = base.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(base, dirMode());
        } catch (FileAlreadyExistsException e) {
            // made by a concurrent run, or a file: checkBase says which
        }
    }

    /**
     * The base folder must exist and be a folder, belong to this user or root, and may not be one that other users
     * can write to without the sticky bit: anyone who may rename what is in it could swap heaptriage's folder for
     * their own between two steps.
     */
    private static void checkBase(Path base, String shown) throws IOException, UsageException {
        if (!Files.exists(base)) {
            throw new UsageException("cannot use the index directory " + shown + ": no such folder; create it or "
                    + "pass --index-dir with an existing folder");
        }
        if (!Files.isDirectory(base)) {
            throw new UsageException("cannot use the index directory " + shown + ": it is not a folder; pass "
                    + "--index-dir with a folder");
        }
        PosixFileAttributes a = posix(base, true);
        long owner = a == null ? -1 : ((Number) Files.getAttribute(base, "unix:uid")).longValue();
        long me = Messages.currentUid();
        if (owner >= 0 && me >= 0 && owner != me && owner != 0) {
            // The owner of a folder may rename what is in it, and so swap heaptriage's folder for one of their own.
            throw new UsageException("cannot use the index directory " + shown + ": it belongs to another user (uid "
                    + owner + "), who could replace heaptriage's folder in it; pass --index-dir with a folder of "
                    + "your own");
        }
        if (a != null && a.permissions().contains(PosixFilePermission.OTHERS_WRITE) && !sticky(base)) {
            throw new UsageException("cannot use the index directory " + shown + ": every user may write to it and "
                    + "it has no sticky bit; pass --index-dir with a folder of your own");
        }
        if (!Files.isWritable(base)) {
            throw new UsageException("cannot use the index directory " + shown + ": permission denied (not "
                    + "writable); pass --index-dir with a folder of your own");
        }
    }

    private static boolean sticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode");
        return mode instanceof Integer m && (m & 01000) != 0;
    }

    /**
     * Makes {@code dir} ours: creates and marks it, or checks that an existing one is a real folder (not a link)
     * that we marked, that we own and that nobody else may write to.
     */
    private static void claim(Path dir, Path dump) throws IOException, UsageException {
        String shown = Messages.quote(dir);
        boolean created;
        try {
            Files.createDirectory(dir, dirMode());
            created = true;
        } catch (FileAlreadyExistsException e) {
            created = false;
        }
        if (created) {
            writeMarker(dir, dump);
            return;
        }
        PosixFileAttributes a = posix(dir, false);
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("cannot use the index directory " + shown + ": it exists and is not a folder "
                    + "heaptriage made (" + (Files.isSymbolicLink(dir) ? "a symbolic link" : "not a folder")
                    + "); remove it or pass another --index-dir");
        }
        if (a != null) {
            long uid = Messages.uid(dir);
            long me = Messages.currentUid();
            if (me >= 0 && uid != me) {
                throw new UsageException("cannot use the index directory " + shown + ": it belongs to another user "
                        + "(uid " + uid + "); pass --index-dir with a folder of your own");
            }
            if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new UsageException("cannot use the index directory " + shown + ": other users may write to it ("
                        + PosixFilePermissions.toString(a.permissions()) + "); remove it or pass another --index-dir");
            }
        }
        long deadline = System.currentTimeMillis() + MARKER_WAIT_MILLIS;
        while (!Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            // A concurrent run may have made the folder a moment ago and not written the marker yet.
            if (System.currentTimeMillis() > deadline) {
                throw new UsageException("cannot use the index directory " + shown + ": it exists but heaptriage did "
                        + "not make it (no " + MARKER + " in it); remove it or pass another --index-dir");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (a != null && !a.permissions().equals(DIR_MODE)) {
            Files.setPosixFilePermissions(dir, DIR_MODE); // our own folder, readable by others (an older version)
        }
    }

    private static void writeMarker(Path dir, Path dump) throws IOException {
        String text = "This folder was made by heaptriage for the heap dump\n  " + dump + "\nIt holds MAT's index "
                + "files while an analysis runs, a decompressed copy of a compressed dump and the analysis cache.\n"
                + "heaptriage deletes only its own files in it. Delete the folder to reclaim the space.\n";
        try (FileChannel ch = FileChannel.open(dir.resolve(MARKER), Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), fileMode())) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    public Path path() {
        return dir;
    }

    /** A stable key for this exact dump content (path, size, modification time). */
    public String dumpKey() {
        return sha256(identity);
    }

    /**
     * The key of the analysis cache entry for this dump, tool version, detector set and heap; the entry stores it
     * and is served only when it matches. Options that only filter or format the report ({@code -f},
     * {@code --min-severity}, {@code --fail-on}, {@code --redact}, {@code --max-evidence}) are not part of it.
     */
    public String cacheKey(String toolVersion, List<String> detectorIds, int heap) {
        List<String> ids = new ArrayList<>(detectorIds);
        Collections.sort(ids);
        return sha256(dumpKey() + "\n" + toolVersion + "\n" + String.join(",", ids) + "\nheap " + heap);
    }

    /** The analysis cache file of {@link #cacheKey}. */
    public Path analysisCacheFile(String cacheKey) {
        return dir.resolve("analysis-" + cacheKey.substring(0, 16) + ".json");
    }

    /** The file of the thread and class tables stored under {@code cacheKey} (see {@link #cacheKey}). */
    public Path overviewCacheFile(String cacheKey) {
        return dir.resolve(OVERVIEW_PREFIX + cacheKey.substring(0, 16) + ".json");
    }

    /** The cache file for the first heap; see {@link #cacheKey}. */
    public Path analysisCacheFile(String toolVersion, List<String> detectorIds) {
        return analysisCacheFile(cacheKey(toolVersion, detectorIds, 1));
    }

    /**
     * The contents of a small file of ours, or empty when it is missing, not a regular file (a link, say) or
     * larger than {@code maxBytes}. Never follows a link.
     */
    public Optional<byte[]> read(Path file, long maxBytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size > maxBytes || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read it all
            }
            return Optional.of(b.hasRemaining() ? java.util.Arrays.copyOf(b.array(), b.position()) : b.array());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code file} (in this folder) with {@code content} atomically: a new {@code 0600} temp file created
     * exclusively, written and synced, then renamed over it. A crash leaves the old file or the new one.
     */
    public void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // left by a killed run; we hold the lock, so it is no one else's
        try (FileChannel ch = createFile(tmp)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Creates a new {@code 0600} file exclusively, never through a link. */
    static FileChannel createFile(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), fileMode());
    }

    /** Removes what was derived from another version of the dump; only our own file names, only in our folder. */
    private void checkIdentity() throws IOException {
        Path id = dir.resolve(IDENTITY);
        byte[] want = identity.getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> have = read(id, 64 * 1024);
        if (have.isPresent() && java.util.Arrays.equals(have.get(), want)) {
            return;
        }
        deleteOurFiles(n -> !n.equals(MARKER) && !n.equals(LOCK));
        writeAtomically(id, want);
    }

    /** Deletes the files heaptriage makes in this folder whose names {@code which} accepts. Links are removed, never followed. */
    void deleteOurFiles(java.util.function.Predicate<String> which) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (isOurs(n) && which.test(n)) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (java.nio.file.DirectoryNotEmptyException e) {
                        // a folder someone made in ours: not ours to delete
                    }
                }
            }
        }
    }

    private static final String OVERVIEW_PREFIX = "overview-";

    /** The names heaptriage gives its files in its own folder. */
    static boolean isOurs(String name) {
        return name.equals(MARKER) || name.equals(LOCK) || name.startsWith(IDENTITY)
                || name.startsWith(DumpLoader.WORK_PREFIX) || name.startsWith("analysis-")
                || name.startsWith(OVERVIEW_PREFIX);
    }

    /** Releases the lock; what the folder holds stays for the next run. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // closing the channel releases it too
        }
        try {
            lockChannel.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    static FileAttribute<?>[] dirMode() {
        return posixSupported() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)}
                : new FileAttribute<?>[0];
    }

    static FileAttribute<?>[] fileMode() {
        return posixSupported() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
    }

    private static boolean posixSupported() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static PosixFileAttributes posix(Path p, boolean follow) {
        try {
            return follow ? Files.readAttributes(p, PosixFileAttributes.class)
                    : Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    private static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
