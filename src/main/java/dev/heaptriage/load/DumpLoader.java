package dev.heaptriage.load;

import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;

/**
 * Opens a dump through MAT's parser core. What it does about MAT's habits (see README "How loading works"):
 * <ul>
 *   <li>MAT writes its index files next to the file it is given, so it is given a link (or, for a compressed
 *       dump, a decompressed copy) inside the {@link IndexDirectory}; nothing is ever written beside the user's dump.</li>
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
     * What the user chose about loading.
     *
     * @param heap    which heap of a file that holds several (1 is the first); 0 when not chosen
     * @param rebuild decompress a compressed dump again even when a verified copy exists ({@code --no-cache})
     * @param memory  asked whether this JVM's heap is enough for the dump, before MAT parses it
     */
    public record Options(int heap, boolean rebuild, MemoryCheck memory) {
        public static final Options DEFAULT = new Options(0, false, MemoryCheck.NONE);

        public Options(int heap, boolean rebuild) {
            this(heap, rebuild, MemoryCheck.NONE);
        }
    }

    /** {@link #open(DumpFile, IndexDirectory, Consumer, Options)} with the default options. */
    public static LoadedDump open(DumpFile dump, IndexDirectory index, Consumer<String> progress)
            throws DumpException, ResourceException, UsageException {
        return open(dump, index, progress, Options.DEFAULT);
    }

    /**
     * Parses the dump and returns the opened heap. Close the result to delete MAT's index files. {@code index}
     * must be open (it holds the lock) until the result is closed.
     *
     * @param progress told each phase ("decompressing", "parsing", ...) for a progress line
     */
    public static LoadedDump open(DumpFile dump, IndexDirectory index, Consumer<String> progress, Options options)
            throws DumpException, ResourceException, UsageException {
        long start = System.nanoTime();
        String what = "'" + dump.path() + "'";
        if (!OPEN.compareAndSet(false, true)) {
            throw new IllegalStateException("another dump is open in this JVM; MAT's core can hold one at a time");
        }
        try {
            return openExclusive(dump, index, progress, options, start, what);
        } catch (DumpException | ResourceException | UsageException | RuntimeException | Error e) {
            OPEN.set(false);
            throw e;
        }
    }

    private static LoadedDump openExclusive(DumpFile dump, IndexDirectory index, Consumer<String> progress,
                                            Options options, long start, String what)
            throws DumpException, ResourceException, UsageException {
        ISnapshot snapshot = null;
        MatPipeline.Parsed parsed = null;
        // Preparing (decompressing, checking the records) and parsing report as shares of one load.
        LoadShares shares = new LoadShares(progress);
        Path work = null;
        HprofHeader header = null;
        HprofRecordScan.Result scan = null;
        int heap = 1;
        try {
            work = WorkFile.prepare(dump, index, shares, options.rebuild());
            try (InputStream in = Files.newInputStream(work)) {
                header = HprofHeader.read(in, what);
            }
            shares.prepare("checking records", LoadShares.CHECK_SHARE);
            scan = HprofRecordScan.check(work, header, what, null, shares::preparing);
            shares.prepared();
            List<String> warnings = new ArrayList<>(scan.warnings());
            heap = chooseHeap(options.heap(), scan.heaps(), what, warnings);
            WorkFile.checkDisk(index.path(), Files.size(work));
            checkMemory(work, scan.census(), options.memory());
            deleteIndexFiles(index.path());
            Map<String, String> args = new HashMap<>();
            if (!referentsFollowed) {
                warnings.add("objects waiting for finalization or a cleaner could not be kept; findings about them "
                        + "may be missing");
            }
            // MAT's parser reads the heap number from this system property in both passes (snapshot_identifier in
            // later MAT versions); one dump is open per JVM, so setting it for the parse is safe.
            System.setProperty(MAT_DUMP_NUMBER, String.valueOf(heap - 1));
            try {
                parsed = MatPipeline.parse(work.toFile(), args, new MatProgress(shares));
                snapshot = parsed.snapshot();
            } finally {
                System.clearProperty(MAT_DUMP_NUMBER);
            }
            warnings.addAll(MatThreadFile.sanitize(snapshot));
            MatHeapView heapView = new MatHeapView(snapshot, parsed.dominators(), header, dump.path().toString(),
                    dump.sizeBytes());
            heapView.sizeWarning().ifPresent(warnings::add);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new LoadedDump(heapView, warnings, millis, index);
        } catch (OutOfMemoryError e) {
            snapshot = null;
            deleteIndexFilesQuietly(index.path());
            throw notEnoughMemory(dump);
        } catch (MemoryCheck.Relaunch e) {
            throw e; // nothing parsed yet: the caller runs the load again in a JVM with more heap
        } catch (SnapshotException | RuntimeException e) {
            // MAT hides a full disk behind messages like "NoParserRegistered": look at the disk before cleaning up.
            boolean full = Messages.isDiskFull(e) || lowOnSpace(index.path());
            DumpException failure = full ? null  // read the dump (through the work link) before it is cleaned up
                    : DumpDiagnosis.parseFailure(work, header, heap, scan == null ? 0 : scan.census().objects(),
                    what, e);
            deleteIndexFilesQuietly(index.path());
            if (full) {
                throw diskFull(index, "for MAT's index files", e);
            }
            throw failure;
        } catch (DumpException | UsageException | ResourceException e) {
            deleteIndexFilesQuietly(index.path());
            throw e;
        } catch (IOException e) {
            boolean full = Messages.isDiskFull(e) || lowOnSpace(index.path());
            deleteIndexFilesQuietly(index.path());
            if (full) {
                throw diskFull(index, "", e);
            }
            throw new DumpException("cannot read " + what + ": " + Messages.reason(e), e);
        }
    }

    /**
     * Asks {@code memory} whether this JVM can parse the dump: with the census of its objects the validating pass
     * made, or the upper bound from the file's size when that is smaller (a census of a damaged file counts no more
     * than its records, so a length field alone never inflates the estimate).
     */
    private static void checkMemory(Path work, HprofCensus census, MemoryCheck memory) throws IOException,
            ResourceException {
        if (memory != MemoryCheck.NONE) {
            memory.check(Math.min(HeapNeeds.estimate(census), HeapNeeds.upperBound(Files.size(work))));
        }
    }

    private static final String MAT_DUMP_NUMBER = "MAT_HPROF_DUMP_NR";

    /** Less than this is free after a failure: the failure was most likely the full disk. */
    private static final long LOW_SPACE_BYTES = 8L << 20;

    private static boolean lowOnSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < LOW_SPACE_BYTES;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static ResourceException diskFull(IndexDirectory index, String forWhat, Throwable cause) {
        return new ResourceException("not enough disk space in " + Messages.quote(index.path())
                + (forWhat.isEmpty() ? "" : " " + forWhat) + ": the disk filled up while heaptriage wrote them; "
                + "free some space or pass --index-dir on a larger disk", cause);
    }

    /**
     * The heap to analyse, 1-based. A file with several heaps gets a warning that says which one this report is
     * about and how to choose another; a number the file does not have is a usage error.
     */
    private static int chooseHeap(int wanted, int heaps, String what, List<String> warnings) throws UsageException {
        if (wanted > heaps || wanted < 0) {
            throw new UsageException("--heap " + wanted + ": the dump " + what + " holds " + heaps + " heap"
                    + (heaps == 1 ? "" : "s") + "; expected a number from 1 to " + heaps);
        }
        int heap = wanted == 0 ? 1 : wanted;
        if (heaps > 1) {
            warnings.add("the dump " + what + " holds " + heaps + " heap dumps (the JVMTI hprof agent writes one per "
                    + "request); this report is about heap " + heap + (wanted == 0 ? ", the first" : "")
                    + "; pass --heap N (1 to " + heaps + ") to analyse another");
        }
        return heap;
    }

    /** The exit-4 error for an OutOfMemoryError while analysing {@code dump}, with the -Xmx to try next. */
    public static ResourceException notEnoughMemory(DumpFile dump) {
        long max = Runtime.getRuntime().maxMemory();
        long suggest = Math.max(max * 2, dump.sizeBytes() * (dump.compressed() ? 6 : 2));
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
}
