package dev.heaptriage.detect.slice;

import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.libs.NettyBuffers;
import dev.heaptriage.detect.slice.SliceScan.Kind;
import dev.heaptriage.detect.slice.SliceScan.PinnedStore;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code retained-slice}: small views that keep large backing stores alive (issue 5; DESIGN.md §4). The Go
 * "substring/slice leak" in its JVM forms:
 * <ul>
 *   <li>pre-7u6 Strings ({@code offset/count} layout) sharing a much larger {@code char[]};</li>
 *   <li>heap buffers ({@code HeapXBuffer(R)}, {@code StringCharBuffer}, {@code ByteBufferAs*Buffer}) whose array is
 *       much larger than what any of them can see;</li>
 *   <li>direct-buffer slices, duplicates and views whose {@code att} chain leads to an {@code allocateDirect} block
 *       that only they keep (off-heap bytes, reported apart from heap bytes);</li>
 *   <li>{@code subList} views (every JDK form, also behind {@code Collections.unmodifiable*}/{@code synchronized*})
 *       whose root list only they keep.</li>
 * </ul>
 * How a store, its views and its waste are found is in {@link SliceScan}; the thresholds in {@link SliceRule}.
 * One finding per (kind, owning class); {@code count} is the number of pinned backing stores (each counted once,
 * however many views share it), {@code wastedBytes} the heap bytes they hold beyond what the views can see (null for
 * direct buffers, whose waste is off-heap and given in the summary and each evidence's {@code offHeapWastedBytes}).
 */
public final class RetainedSliceDetector implements Detector {
    public static final String ID = "retained-slice";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "small views that keep large arrays, buffers and lists alive",
            Severity.MEDIUM,
            "Finds backing stores that only small views keep alive: a char[] shared by pre-7u6 substrings "
                    + "(String offset/count), a heap buffer's array seen through slice()/duplicate()/asXBuffer()/"
                    + "CharBuffer.wrap(String) views, an allocateDirect block pinned by direct slices and views "
                    + "(reported as off-heap bytes), and a root list kept only by subList views (also behind "
                    + "Collections.unmodifiable*/synchronized* wrappers). Views that libraries and applications define "
                    + "themselves are found by structure: an object that references an array, a buffer or a list and "
                    + "has a window start field (offset, off, adjustment, start, startIndex, begin, from, fromIndex) and "
                    + "a length (length, len, size, count, capacity, maxCapacity) or end (end, to, toIndex, limit) "
                    + "that fits inside the store, or names ending in those words (bytesOffset, bytesLength), or a "
                    + "raw address start (address, addressOffset) that lies at the array's base offset plus the start "
                    + "or inside an allocateDirect block the view holds (an unsafe-style buffer), such as Netty's "
                    + "slice() and duplicate() of unpooled buffers, Guava's ImmutableList.subList, protobuf's "
                    + "ByteString.substring or Agrona's UnsafeBuffer; pooled Netty buffers are windows into chunks their pool holds "
                    + "and are never views. A store is reported when every reference "
                    + "to it comes from its views (nothing else still uses it), the views together see at most an "
                    + "eighth of it, and it wastes at least 64 KiB; wasted = store size - what the views can see, "
                    + "counted once per store however many views share it. A view's reach is its capacity (a "
                    + "buffer) or size (a list), not its current position/limit. Severity: medium from 1% of the "
                    + "used heap (off-heap: of the direct-memory limit), high from 10%, else low.",
            "Copy what you keep instead of keeping a view: new String(s); ByteBuffer.allocate(n).put(slice) or "
                    + "Arrays.copyOfRange(array, from, to); new ArrayList<>(list.subList(a, b)) or List.copyOf; for "
                    + "Netty, buf.copy(index, length) or Unpooled.copiedBuffer(slice) instead of slice(), and release() "
                    + "what retainedSlice() took.",
            "0.1.0");

    private final String stringClassName;

    public RetainedSliceDetector() {
        this("java.lang.String");
    }

    /**
     * @param stringClassName the class treated as {@code java.lang.String}: tests use a look-alike with the JDK 6
     *                        {@code value/offset/count} layout to exercise the pre-7u6 rule on a real dump
     */
    public RetainedSliceDetector(String stringClassName) {
        this.stringClassName = stringClassName;
    }

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        SliceScan scan = new SliceScan(heap, app, stringClassName);
        List<PinnedStore> stores = scan.findAll();
        if (stores.isEmpty()) {
            return List.of();
        }
        Map<String, List<PinnedStore>> groups = new TreeMap<>();
        for (PinnedStore s : stores) {
            // Views a library or the application defines are grouped by their class too: each has its own fix.
            String key = s.kind().key + "/" + s.ownerKey() + (s.kind() == Kind.VIEW
                    ? "/" + JdkClasses.stableClassName(s.representativeClass()) : "");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        long usedHeap = heap.facts().usedHeapBytes();
        long maxDirect = scan.maxDirectMemory();
        Owners owners = new Owners(heap, app);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<PinnedStore>> g : groups.entrySet()) {
            out.add(finding(heap, owners, g.getKey(), g.getValue(), usedHeap, maxDirect));
        }
        return out;
    }

    private Finding finding(HeapView heap, Owners owners, String key, List<PinnedStore> stores, long usedHeap, long maxDirect) {
        stores.sort(Comparator.comparingLong((PinnedStore s) -> s.verdict().wastedBytes()).reversed()
                .thenComparingInt(PinnedStore::backingId));
        Kind kind = stores.get(0).kind();
        boolean offHeap = kind == Kind.DIRECT_BUFFER;
        long wasted = 0;
        long backing = 0;
        long visible = 0;
        long views = 0;
        long heapRetained = 0;
        long alsoLocal = 0;
        Map<String, Long> byViewClass = new LinkedHashMap<>();
        for (PinnedStore s : stores) {
            alsoLocal += s.alsoHeldByLocal() ? 1 : 0;
            wasted += s.verdict().wastedBytes();
            backing += s.verdict().backingBytes();
            visible += s.verdict().visibleBytes();
            views += s.externalViews();
            heapRetained += s.heapRetainedBytes();
            byViewClass.merge(Names.simpleName(s.representativeClass()), 1L, Long::sum);
        }
        // Off-heap waste is weighed against what allocateDirect may reserve (by default as much as -Xmx), heap
        // waste against the used heap: the share of the budget a team would run out of.
        long budget = offHeap && maxDirect > 0 ? maxDirect : usedHeap;
        Severity severity = severity(wasted, budget);

        Finding.Builder b = Finding.builder(ID).fingerprint(key).severity(severity).count(stores.size());
        List<Evidence> evidence = new ArrayList<>();
        Text owner = null;
        for (PinnedStore s : stores.subList(0, Math.min(stores.size(), Evidences.COLLECT_LIMIT))) {
            // Paths only for the evidence kept: a path search per store would cost more than the whole scan.
            List<PathElement> path = heap.pathToGcRoot(s.representativeViewId());
            if (owner == null) {
                owner = owners.onPath(path);
            }
            evidence.add(new Evidence(Evidence.objectId(heap.address(s.representativeViewId())),
                    s.representativeClass(), heap.shallowBytes(s.representativeViewId()),
                    heap.retainedBytes(s.representativeViewId()), attributes(s), Evidences.steps(path)));
        }
        String viewNoun = viewNoun(kind, views, stores.get(0).representativeClass());
        String storeNoun = storeNoun(kind, stores.size());
        String share = Units.percent(wasted, budget);
        if (offHeap) {
            b.title(String.format(Locale.ROOT, "%,d %s pin%s %,d off-heap %s of %s, %s out of their reach",
                    views, viewNoun, views == 1 ? "s" : "", stores.size(), storeNoun, Units.bytes(backing), Units.bytes(wasted)));
            b.summary(String.format(Locale.ROOT, "Only these direct-buffer views keep the allocateDirect %s "
                            + "alive, and together they can address %s of %s; %s of native memory (%s of the "
                            + "direct-memory limit) cannot be used or freed until the views are dropped. This is "
                            + "off-heap memory and not counted in the heap's wasted bytes.%s", storeNoun,
                    Units.bytes(visible), Units.bytes(backing), Units.bytes(wasted), share, localNote(alsoLocal)));
            b.retainedBytes(heapRetained).wastedBytes(null);
        } else {
            b.title(String.format(Locale.ROOT, "%,d %s keep%s %,d large %s alive, %s of %s out of reach",
                    views, viewNoun, views == 1 ? "s" : "", stores.size(), storeNoun, Units.bytes(wasted),
                    stores.size() == 1 ? "it" : "them"));
            b.summary(String.format(Locale.ROOT, "Only these views keep the %s (%s) alive; the views "
                            + "can reach %s of it, so %s (%s of the used heap) stays allocated for nothing.%s",
                    storeNoun, Units.bytes(backing), Units.bytes(visible), Units.bytes(wasted), share, localNote(alsoLocal)));
            b.retainedBytes(backing).wastedBytes(wasted);
        }
        List<Breakdown> breakdown = new ArrayList<>();
        byViewClass.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> breakdown.add(new Breakdown(e.getKey(), e.getValue())));
        return b.owner(owner).breakdown(breakdown).evidence(evidence).remediation(remediation(kind, stores.get(0).representativeClass())).build();
    }

    /** Stores that a local variable of a method still running at dump time also holds: it lets go on return. */
    private static String localNote(long alsoLocal) {
        return alsoLocal == 0 ? "" : String.format(Locale.ROOT, " A local variable of a method still running at "
                + "dump time also holds %,d of them; it lets go when the method returns.", alsoLocal);
    }

    private static Map<String, Object> attributes(PinnedStore s) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("backing", s.backingLabel());
        if (s.offHeap()) {
            a.put("offHeapCapacityBytes", s.verdict().backingBytes());
            a.put("offHeapVisibleBytes", s.verdict().visibleBytes());
            a.put("offHeapWastedBytes", s.verdict().wastedBytes());
        } else {
            a.put("backingBytes", s.verdict().backingBytes());
            a.put("visibleBytes", s.verdict().visibleBytes());
            a.put("wastedBytes", s.verdict().wastedBytes());
        }
        a.put("views", s.externalViews());
        if (s.alsoHeldByLocal()) {
            a.put("alsoHeldByLocalVariable", true);
        }
        a.put("viewObjects", s.allViews());
        a.putAll(s.attributes());
        return a;
    }

    /** ≥ 10% of the budget high, ≥ 1% medium, else low (issue 5's guide). */
    static Severity severity(long wasted, long budget) {
        if (budget > 0 && wasted * 10 >= budget) {
            return Severity.HIGH;
        }
        if (budget > 0 && wasted * 100 >= budget) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    private static String viewNoun(Kind kind, long n, String viewClass) {
        String one = switch (kind) {
            case LEGACY_SUBSTRING -> "substring";
            case HEAP_BUFFER -> "buffer view";
            case DIRECT_BUFFER -> "direct-buffer view";
            case SUB_LIST -> "subList view";
            case VIEW -> NettyBuffers.isNettyBuffer(viewClass) ? "Netty ByteBuf slice"
                    : Names.simpleName(JdkClasses.stableClassName(viewClass)) + " view";
        };
        return n == 1 ? one : one + "s";
    }

    private static String storeNoun(Kind kind, long n) {
        String one = switch (kind) {
            case LEGACY_SUBSTRING -> "char[]";
            case HEAP_BUFFER -> "array";
            case DIRECT_BUFFER -> "block";
            case SUB_LIST -> "list";
            case VIEW -> "array";
        };
        return n == 1 || one.endsWith("]") ? one : one + "s";
    }

    static String remediation(Kind kind, String viewClass) {
        return switch (kind) {
            case VIEW -> NettyBuffers.isNettyBuffer(viewClass)
                    ? "Keep a copy, not a slice: buf.copy(index, length) or Unpooled.copiedBuffer(slice) instead of "
                    + "slice()/duplicate() (and retainedSlice()), then release() the big buffer; a slice keeps its "
                    + "whole parent buffer and its array alive, and what retain() took must be release()d."
                    : "Copy the part you keep into an array of its own (Arrays.copyOfRange(store, from, to)) instead "
                    + "of keeping " + Names.simpleName(JdkClasses.stableClassName(viewClass)) + " objects that "
                    + "point into the large array; the view keeps all of it alive.";
            case LEGACY_SUBSTRING -> "Copy the text you keep with new String(s.substring(a, b)) so the large char[] "
                    + "can go (from JDK 7u6 on, substring copies by itself).";
            case HEAP_BUFFER -> "Copy what you keep: ByteBuffer.allocate(slice.remaining()).put(slice).flip() (same "
                    + "for CharBuffer and the others), or Arrays.copyOfRange(array, from, to) instead of "
                    + "wrap(array, off, len).slice().";
            case DIRECT_BUFFER -> "Copy the bytes you keep into a buffer of their own size (ByteBuffer.allocate(n)"
                    + ".put(slice)) and drop the slice, or return the slice to the pool that owns the block; a slice "
                    + "or duplicate keeps the whole allocateDirect block reserved.";
            case SUB_LIST -> "Keep a copy, not the view: new ArrayList<>(list.subList(a, b)) or "
                    + "List.copyOf(list.subList(a, b)); wrapping the view in unmodifiableList still keeps the root.";
        };
    }
}
