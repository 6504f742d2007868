package dev.heaptriage.detect.slice;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.jdk.Buffers;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.slice.SliceGraph.Pin;
import dev.heaptriage.detect.slice.SliceGraph.View;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The heap side of {@code retained-slice}: finds backing stores (big primitive arrays, {@code allocateDirect} blocks,
 * root lists) and the views on them, by walking <em>referrers</em> outwards from each store. It starts from the
 * stores, never from a full-heap walk: only arrays of at least {@link SliceRule#MIN_WASTED_BYTES} (one size-index
 * lookup per primitive array decides, no array is loaded), allocating direct buffers of that capacity, and the roots
 * of the few sub-list objects a heap has are looked at, so the cost grows with the number of big stores and views,
 * not with the heap; paths to GC roots are computed only for the evidence kept.
 *
 * <p>The model, the same for every kind of store:
 * <ul>
 *   <li>A <b>view</b> of a store is an object that sees a window of it: a heap buffer's {@code hb}, a String's
 *       {@code value}, a sub-list's {@code root}, a direct buffer's {@code att}; and views of views (an
 *       {@code asIntBuffer()} view's {@code bb}, a {@code StringCharBuffer}'s {@code str}, a JDK 6-8 sub-list's
 *       {@code l}).</li>
 *   <li>A store is <b>pinned by its views</b> only if every referrer of the store is one of its views (or JDK
 *       plumbing that keeps nothing alive on its own: a weak/phantom reference such as the direct buffer's
 *       {@code Cleaner}, a synchronized wrapper's {@code mutex}). Anything else holding the store means the views
 *       are not what keeps it alive, and nothing is reported; except a running method's local variable, which is
 *       transient (see {@link SliceGraph#pinnedByViews}).</li>
 *   <li>A view is <b>external</b> when something other than the store's views holds it (an application field, a
 *       local, a wrapper). Only external views' windows count as visible: a slice that only an
 *       {@code asIntBuffer()} view still references can be reached only through that view's window.</li>
 *   <li>Visible = the union of the external views' windows (each store counted once, however many views share
 *       it); wasted = store − visible; {@link SliceRule#judge} decides.</li>
 * </ul>
 */
final class SliceScan {
    /** The kinds of store, one finding family each. */
    enum Kind {
        LEGACY_SUBSTRING("substring"), HEAP_BUFFER("heap-buffer"), DIRECT_BUFFER("direct-buffer"),
        SUB_LIST("sublist"),
        /** Views a library or the application defines ({@link StructuralViews}, Netty slices): by structure. */
        VIEW("view");

        final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    /**
     * One store that its views pin, with a positive verdict. {@code representativeViewId} is the external view with
     * the widest window (the evidence object); {@code ownerKey} the class that owns the store in the dominator tree
     * (for grouping and fingerprints); {@code alsoHeldByLocal} that a running method's local variable holds the store
     * too (see {@link SliceGraph#pinnedByViews}); {@code attributes} the numbers the evidence shows.
     */
    record PinnedStore(Kind kind, int backingId, String backingLabel, SliceRule.Verdict verdict, int externalViews,
                       int allViews, int representativeViewId, String representativeClass, String ownerKey,
                       boolean offHeap, long heapRetainedBytes, boolean alsoHeldByLocal,
                       Map<String, Object> attributes) {
    }

    /** What a store finder knows about one store: its kind, label, where it lives and the numbers to show. */
    record Store(Kind kind, int backingId, String label, boolean offHeap, long heapRetainedBytes,
                 Map<String, Object> attributes) {
    }

    /** A store's views as the walk judged them: all of them, the external ones, the widest live one, the pin. */
    record Judged(Map<Integer, View> views, List<View> external, View representative, Pin pin) {
    }

    private final HeapView heap;
    private final AppCode app;
    private final SliceGraph graph;

    /**
     * @param stringClassName the class to treat as {@code java.lang.String}; tests pass a look-alike with the
     *                        JDK 6 layout, because no JVM that dumps {@code offset/count} Strings exists here
     */
    SliceScan(HeapView heap, AppCode app, String stringClassName) {
        this.heap = heap;
        this.app = app;
        this.graph = new SliceGraph(heap, stringClassName);
    }

    List<PinnedStore> findAll() {
        List<PinnedStore> out = new ArrayList<>();
        out.addAll(new ArrayStores(graph, this).find());
        out.addAll(new DirectStores(graph, this).find());
        out.addAll(new SubListStores(graph, this).find());
        return out;
    }

    /** Bytes {@code allocateDirect} may reserve in total; 0 if unknown. */
    long maxDirectMemory() {
        return Buffers.maxDirectMemory(heap);
    }

    PinnedStore pinned(Store store, SliceRule.Verdict verdict, Judged judged) {
        View rep = judged.representative();
        return new PinnedStore(store.kind(), store.backingId(), store.label(), verdict, judged.external().size(),
                judged.views().size(), rep.id(), rep.className(), ownerKey(rep.id(), judged.views()),
                store.offHeap(), store.heapRetainedBytes(), judged.pin() == Pin.VIEWS_AND_LOCAL, store.attributes());
    }

    /**
     * The class that owns a store, from the dominator tree (cheap: no path search): walk up from the representative
     * view's immediate dominator past the store's views, JDK and library objects to the first application object or
     * class (a static holder); without one, the first library class met. Not from the store itself: a direct
     * buffer's block is also referenced by its Cleaner, which would put the store's dominator at the root.
     */
    private String ownerKey(int viewId, Map<Integer, View> views) {
        String last = null;
        String library = null;
        int id = heap.immediateDominator(viewId);
        for (int depth = 0; id >= 0 && depth < 10_000; depth++) {
            var asClass = heap.classById(id);
            if (asClass != null) {
                return library != null && !app.isApplication(asClass.name()) ? library : asClass.name();
            }
            String name = JdkClasses.stableClassName(heap.classOf(id).name());
            if (!views.containsKey(id) && !JdkClasses.isJdkClass(name)) {
                if (app.isApplication(name)) {
                    return name;
                }
                if (library == null) {
                    library = name;
                }
            }
            last = name;
            id = heap.immediateDominator(id);
        }
        return library != null ? library : last == null ? "gc-root" : last;
    }
}
