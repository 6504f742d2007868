package dev.heaptriage.load;

import dev.heaptriage.index.DominatorTree;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.hprof.HprofIndexBuilder;
import org.eclipse.mat.parser.IIndexBuilder;
import org.eclipse.mat.parser.IPreliminaryIndex;
import org.eclipse.mat.parser.index.IndexManager;
import org.eclipse.mat.parser.internal.SnapshotImpl;
import org.eclipse.mat.parser.internal.SnapshotImplBuilder;
import org.eclipse.mat.parser.internal.util.ParserRegistry;
import org.eclipse.mat.parser.model.XSnapshotInfo;
import org.eclipse.mat.util.IProgressListener;

/**
 * MAT's parse, step by step through its public API, with heaptriage's own dominator tree in place of MAT's: the same
 * steps as {@code SnapshotFactory.openSnapshot} (both passes, the garbage cleaner, the index rewrite, the snapshot),
 * then {@link DominatorTree} instead of MAT's {@code DominatorTree}, whose sort of the dominator array goes
 * quadratic on heaps with one late object that dominates millions (every production heap has a big list or map).
 * The result is registered as MAT's dominator indexes, so the snapshot's dominator queries answer from it. Retained
 * sizes and the order of each object's dominated objects are in MAT's size model, as MAT's own tree has them;
 * {@link HeapSizes} sums the same tree again in the dump's own layout.
 */
final class MatPipeline {
    /** The dominator phase's units in {@link MatProgress}'s terms. */
    private static final int UNITS = MatProgress.DOMINATOR_UNITS;

    private MatPipeline() {
    }

    /** A parsed snapshot and its dominator tree (also registered as the snapshot's dominator indexes). */
    record Parsed(SnapshotImpl snapshot, DominatorTree dominators) {
    }

    /** Parses {@code file} (its index files go beside it, named after it) and returns the snapshot with dominators. */
    static Parsed parse(File file, Map<String, String> args, IProgressListener listener) throws SnapshotException {
        String name = file.getAbsolutePath();
        int dot = name.lastIndexOf('.');
        String prefix = dot >= 0 ? name.substring(0, dot + 1) : name + ".";
        List<ParserRegistry.Parser> parsers = ParserRegistry.matchParser(file.getName());
        if (parsers.isEmpty()) {
            parsers = new ArrayList<>(ParserRegistry.allParsers());
        }
        IOException failure = null;
        for (ParserRegistry.Parser parser : parsers) {
            IIndexBuilder indexBuilder = parser.getIndexBuilder() instanceof HprofIndexBuilder
                    ? new MatIndexBuilder() : parser.getIndexBuilder();
            if (indexBuilder == null) {
                continue;
            }
            try {
                indexBuilder.init(file, prefix);
                XSnapshotInfo info = new XSnapshotInfo();
                info.setPath(name);
                info.setPrefix(prefix);
                info.setProperty("$heapFormat", parser.getId());
                var make = internal(PRELIMINARY_INDEX).getConstructor(XSnapshotInfo.class);
                make.setAccessible(true);
                IPreliminaryIndex idx = (IPreliminaryIndex) make.newInstance(info);
                indexBuilder.fill(idx, listener);
                SnapshotImplBuilder builder = new SnapshotImplBuilder(idx.getSnapshotInfo());
                int[] purgedMapping = clean(idx, builder, args, listener);
                indexBuilder.clean(purgedMapping, listener);
                purgedMapping = null; // 4 bytes an object of the dump, not needed any more
                DominatorIndexes dominators = new DominatorIndexes();
                dominators.register(builder.getIndexManager());
                SnapshotImpl snapshot = builder.create(parser);
                DominatorTree tree = dominators(snapshot, listener);
                dominators.set(tree);
                return new Parsed(snapshot, tree);
            } catch (IOException e) {
                failure = e;
                indexBuilder.cancel();
            } catch (Exception e) {
                indexBuilder.cancel();
                throw SnapshotException.rethrow(e);
            }
        }
        // As MAT says it: the caller diagnoses the dump itself and recognises a full disk by its free space.
        throw new SnapshotException("no parser could read " + file.getName(), failure);
    }

    private static final String PRELIMINARY_INDEX = "PreliminaryIndexImpl";

    /**
     * A package-private class of MAT's parser (its preliminary index, its garbage cleaner) whose constructor or
     * method we call is public: reflection reaches it without a class of ours in MAT's package.
     */
    private static Class<?> internal(String simpleName) throws ClassNotFoundException {
        return Class.forName("org.eclipse.mat.parser.internal." + simpleName);
    }

    /** MAT's garbage cleaner: removes unreachable objects, rewrites the indexes, builds the inbound index. */
    private static int[] clean(IPreliminaryIndex idx, SnapshotImplBuilder builder, Map<String, String> args,
                               IProgressListener listener) throws Exception {
        Method clean = internal("GarbageCleaner").getDeclaredMethod("clean", internal(PRELIMINARY_INDEX),
                SnapshotImplBuilder.class, Map.class, IProgressListener.class);
        clean.setAccessible(true);
        try {
            return (int[]) clean.invoke(null, idx, builder, args, listener);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The dominator tree over the snapshot's outbound and inbound indexes, reported as MAT's dominator phase. */
    static DominatorTree dominators(SnapshotImpl snapshot, IProgressListener listener) throws SnapshotException {
        IndexManager manager = snapshot.getIndexManager();
        int n = snapshot.getSnapshotInfo().getNumberOfObjects();
        listener.beginTask("DominatorTree", UNITS);
        int[] told = new int[1];
        DominatorTree tree = DominatorTree.compute(n, snapshot.getGCRoots(), manager.outbound()::get,
                manager.inbound()::get, id -> heapSize(snapshot, id), f -> {
                    int units = (int) (f * UNITS);
                    if (units > told[0]) {
                        listener.worked(units - told[0]);
                        told[0] = units;
                    }
                });
        try {
            manager.outbound().unload();
            manager.inbound().unload();
        } catch (IOException e) {
            throw new SnapshotException(e);
        }
        listener.done();
        return tree;
    }

    private static long heapSize(SnapshotImpl snapshot, int id) {
        try {
            return snapshot.getHeapSize(id);
        } catch (SnapshotException e) {
            throw new IllegalStateException("heap index error: " + e.getMessage(), e);
        }
    }
}
