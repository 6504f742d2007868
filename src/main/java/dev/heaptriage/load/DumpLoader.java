package dev.heaptriage.load;

import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.parser.internal.SnapshotFactory;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.util.IProgressListener;

/**
 * Opens a dump through MAT's parser core. What it does about MAT's habits (see README "How loading works"):
 * <ul>
 *   <li>MAT writes its index files next to the file it is given, so it is given a link (or, for gzip, a
 *       decompressed copy) inside the {@link IndexDirectory}; nothing is ever written beside the user's dump.</li>
 *   <li>MAT cannot reopen a snapshot from its index files (it deletes and re-parses them on every open), so they
 *       are deleted when the dump is closed; reuse comes from heaptriage's own analysis cache instead.</li>
 *   <li>MAT ignores {@code Reference.referent} of weak, soft, phantom and final references, so it drops objects
 *       waiting for finalization and unclosed streams waiting for their cleaner. Its {@code keep_unreachable_objects}
 *       would keep them, but it keeps all other garbage too, and garbage that points into the live heap (old copies
 *       of a grown array, say) wrecks the dominator tree: a holder of 1 MB measured 27% of it. So the loader makes
 *       MAT follow the referents of final and phantom references only ({@link #followFinalAndPhantomReferents}):
 *       garbage is dropped as usual, objects that the finalizer or a cleaner still holds stay, and
 *       {@link dev.heaptriage.heap.HeapView#isLive} tells them apart from strongly reachable ones. The price: an
 *       object that is both strongly reachable and registered for finalization or cleaning has two holders, so
 *       its retained size is not counted in its strong holder's (it is still counted in its own).</li>
 * </ul>
 */
public final class DumpLoader {
    /** Every file this loader creates in the index directory starts with this. */
    static final String WORK_PREFIX = "heaptriage-work";
    private static final String WORK_DUMP = WORK_PREFIX + ".hprof";
    private static final String GUNZIP_DONE = WORK_PREFIX + ".gunzipped";
    private static final String LOCK = WORK_PREFIX + ".lock";

    static {
        followFinalAndPhantomReferents();
    }

    private DumpLoader() {
    }

    /**
     * MAT's pass-2 parser skips the {@code referent} field of instances whose class hierarchy contains a name in
     * its static {@code ignorableClasses} set. Taking {@code java.lang.ref.Finalizer} and
     * {@code java.lang.ref.PhantomReference} out of that set keeps weak and soft referents weak, as they should be.
     * haha 1.3 is a frozen artifact, so this field will not move under us; if it ever did, loading still works
     * and only those referent-only objects would be missing (the finalizer and fd detectors then say so).
     */
    static void followFinalAndPhantomReferents() {
        try {
            java.lang.reflect.Field f = org.eclipse.mat.hprof.Pass2Parser.class.getDeclaredField("ignorableClasses");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            java.util.Set<String> ignorable = (java.util.Set<String>) f.get(null);
            ignorable.remove("java.lang.ref.Finalizer");
            ignorable.remove("java.lang.ref.PhantomReference");
            referentsFollowed = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            referentsFollowed = false;
        }
    }

    private static volatile boolean referentsFollowed;

    /** MAT's core keeps global state (object references resolve against the last opened snapshot). */
    private static final java.util.concurrent.atomic.AtomicBoolean OPEN = new java.util.concurrent.atomic.AtomicBoolean();

    static void released() {
        OPEN.set(false);
    }

    /** Whether objects held only by the finalizer or a cleaner are in the heap view (see the class comment). */
    public static boolean referentsFollowed() {
        return referentsFollowed;
    }

    /**
     * Parses the dump and returns the opened heap. Close the result to delete MAT's index files.
     *
     * @param progress told each phase ("decompressing", "parsing", ...) for a progress line
     */
    public static LoadedDump open(DumpFile dump, IndexDirectory index, Consumer<String> progress)
            throws DumpException, ResourceException {
        long start = System.nanoTime();
        String what = "'" + dump.path() + "'";
        if (!OPEN.compareAndSet(false, true)) {
            throw new IllegalStateException("another dump is open in this JVM; MAT's core can hold one at a time");
        }
        try {
            return openExclusive(dump, index, progress, start, what);
        } catch (DumpException | ResourceException | RuntimeException | Error e) {
            OPEN.set(false);
            throw e;
        }
    }

    private static LoadedDump openExclusive(DumpFile dump, IndexDirectory index, Consumer<String> progress, long start,
                                            String what) throws DumpException, ResourceException {
        FileChannel lockChannel = null;
        FileLock lock = null;
        ISnapshot snapshot = null;
        try {
            lockChannel = FileChannel.open(index.path().resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                progress.accept("waiting for another heaptriage analysing the same dump");
                lock = lockChannel.lock();
            }
            Path work = prepare(dump, index, progress);
            HprofHeader header;
            try (InputStream in = Files.newInputStream(work)) {
                header = HprofHeader.read(in, what);
            }
            List<String> warnings = new ArrayList<>(HprofRecordScan.check(work, header, what));
            checkDisk(index.path(), Files.size(work));
            deleteIndexFiles(index.path());
            Map<String, String> args = new HashMap<>();
            if (!referentsFollowed) {
                warnings.add("objects waiting for finalization or a cleaner could not be kept; findings about them "
                        + "may be missing");
            }
            snapshot = new SnapshotFactory().openSnapshot(work.toFile(), args, new ProgressAdapter(progress));
            MatHeapView heap = new MatHeapView(snapshot, header, dump.path().toString(), dump.sizeBytes());
            heap.sizeWarning().ifPresent(warnings::add);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new LoadedDump(heap, warnings, millis, index, lockChannel, lock);
        } catch (OutOfMemoryError e) {
            snapshot = null;
            closeQuietly(lockChannel);
            deleteIndexFilesQuietly(index.path());
            throw notEnoughMemory(dump);
        } catch (SnapshotException | RuntimeException e) {
            closeQuietly(lockChannel);
            deleteIndexFilesQuietly(index.path());
            if (isDiskFull(e)) {
                throw new ResourceException("not enough disk space in " + index.path() + " for MAT's index files; "
                        + "free some space or pass --index-dir on a larger disk", e);
            }
            throw new DumpException("cannot parse " + what + ": " + rootMessage(e)
                    + " (the dump may be corrupt or from an unsupported JVM)", e);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            deleteIndexFilesQuietly(index.path());
            if (isDiskFull(e)) {
                throw new ResourceException("not enough disk space in " + index.path() + ": " + e.getMessage()
                        + "; free some space or pass --index-dir on a larger disk", e);
            }
            throw new DumpException("cannot read " + what + ": " + rootMessage(e), e);
        } catch (DumpException | ResourceException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** The file MAT parses: a symbolic link to the user's dump, or a decompressed copy of a gzip dump. */
    private static Path prepare(DumpFile dump, IndexDirectory index, Consumer<String> progress)
            throws IOException, DumpException, ResourceException {
        Path work = index.path().resolve(WORK_DUMP);
        Path real = dump.path().toRealPath();
        if (Files.exists(work, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(work, real)
                && !Files.isSymbolicLink(work)) {
            throw new DumpException("refusing to use '" + work + "' as a work file: it is the dump itself; "
                    + "rename the dump or choose another --index-dir");
        }
        if (!dump.gzip()) {
            Files.deleteIfExists(work);
            Files.deleteIfExists(index.path().resolve(GUNZIP_DONE));
            try {
                Files.createSymbolicLink(work, real);
            } catch (UnsupportedOperationException | IOException e) {
                // A file system without symbolic links: MAT still needs its index beside the file it reads.
                checkDisk(index.path(), dump.sizeBytes() * 2);
                Files.copy(real, work, StandardCopyOption.REPLACE_EXISTING);
            }
            return work;
        }
        if (Files.exists(index.path().resolve(GUNZIP_DONE)) && Files.isRegularFile(work, LinkOption.NOFOLLOW_LINKS)) {
            return work; // decompressed by an earlier run of this same dump (the identity check guarantees it)
        }
        Files.deleteIfExists(work);
        long expected = gzipSizeHint(real);
        checkDisk(index.path(), expected * 2);
        progress.accept("decompressing");
        Path partial = index.path().resolve(WORK_PREFIX + ".partial");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(real), 1 << 16);
             OutputStream out = Files.newOutputStream(partial)) {
            in.transferTo(out);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            Files.deleteIfExists(partial);
            throw new DumpException("truncated or corrupt gzip file '" + dump.path() + "': "
                    + (e.getMessage() == null ? "unexpected end of data" : e.getMessage()));
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, work, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(index.path().resolve(GUNZIP_DONE), "complete\n");
        return work;
    }

    /** The uncompressed size a gzip trailer records (modulo 4 GiB), at least the compressed size. */
    private static long gzipSizeHint(Path gz) throws IOException {
        try (FileChannel ch = FileChannel.open(gz, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4) {
                return size;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, size - 4);
            long isize = Integer.toUnsignedLong(b.getInt(0));
            return Math.max(size, isize);
        }
    }

    /** MAT's index files take up to about the dump's size; fail early rather than with a half-written index. */
    private static void checkDisk(Path dir, long needBytes) throws IOException, ResourceException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < needBytes) {
            throw new ResourceException(String.format(Locale.ROOT,
                    "not enough disk space in %s: analysing this dump needs about %s for index files, %s is free; "
                            + "free some space or pass --index-dir on a larger disk",
                    dir, Units.bytes(needBytes), Units.bytes(free)));
        }
    }

    /** The exit-4 error for an OutOfMemoryError while analysing {@code dump}, with the -Xmx to try next. */
    public static ResourceException notEnoughMemory(DumpFile dump) {
        long max = Runtime.getRuntime().maxMemory();
        long suggest = Math.max(max * 2, dump.sizeBytes() * (dump.gzip() ? 6 : 2));
        long gib = Math.max(1, (suggest + (1L << 30) - 1) >> 30);
        return new ResourceException(String.format(Locale.ROOT,
                "not enough memory to analyse '%s' (%s on disk): the Java heap limit is %s; run with more, e.g. "
                        + "'java -Xmx%dg -jar heaptriage.jar ...' or JAVA_TOOL_OPTIONS=-Xmx%dg",
                dump.path(), Units.bytes(dump.sizeBytes()), Units.bytes(max), gib, gib));
    }

    /** Deletes MAT's index files (they cannot be reopened) but keeps the analysis cache and a decompressed copy. */
    static void deleteIndexFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(WORK_PREFIX + ".") && (n.endsWith(".index") || n.endsWith(".threads"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void deleteIndexFilesQuietly(Path dir) {
        try {
            deleteIndexFiles(dir);
            Path work = dir.resolve(WORK_DUMP);
            if (Files.isSymbolicLink(work)) {
                Files.deleteIfExists(work);
            }
        } catch (IOException ignored) {
            // best effort: a later run cleans up too
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing useful to do
            }
        }
    }

    private static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /**
     * Turns MAT's task names (raw message keys and file paths in this build) into the few phases a user can follow,
     * and reports each phase once.
     */
    private static final class ProgressAdapter implements IProgressListener {
        private final Consumer<String> progress;
        private String last = "";

        ProgressAdapter(Consumer<String> progress) {
            this.progress = progress;
        }

        static String phase(String matTask) {
            String t = matTask == null ? "" : matTask;
            if (t.startsWith("Parsing") || t.startsWith("Scanning")) {
                return "parsing: pass 1 of 2 (classes, strings, roots)";
            }
            if (t.startsWith("Extracting")) {
                return "parsing: pass 2 of 2 (objects and references)";
            }
            if (t.startsWith("GarbageCleaner")) {
                return "removing unreachable objects";
            }
            if (t.startsWith("DominatorTree")) {
                return "computing dominators and retained sizes";
            }
            if (t.startsWith("Writing")) {
                return "writing indexes";
            }
            return "loading";
        }

        private void report(String matTask) {
            String p = phase(matTask);
            if (!p.equals(last)) {
                last = p;
                progress.accept(p);
            }
        }

        @Override
        public void beginTask(String name, int totalWork) {
            report(name);
        }

        @Override
        public void beginTask(org.eclipse.mat.hprof.Messages name, int totalWork) {
            report(String.valueOf(name));
        }

        @Override
        public void done() {
        }

        @Override
        public boolean isCanceled() {
            return false;
        }

        @Override
        public void setCanceled(boolean value) {
        }

        @Override
        public void subTask(String name) {
            report(name);
        }

        @Override
        public void worked(int work) {
        }

        @Override
        public void sendUserMessage(Severity severity, String message, Throwable exception) {
        }
    }
}
