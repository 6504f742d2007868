package dev.heaptriage.detect.libs;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;

/**
 * Caffeine's caches ({@code com.github.benmanes.caffeine.cache}, 2.x - 3.x, read by the fields present): an
 * {@code UnboundedLocalCache} (a {@code ConcurrentHashMap data} and nothing that evicts) or a generated subclass of
 * {@code BoundedLocalCache} ({@code SSMS}, {@code SSA}, ...: its {@code data} map holds nodes), behind the
 * {@code *LocalManualCache} / {@code *LocalLoadingCache} wrappers ({@code cache} field) that {@code build()} returns.
 * A bounded cache evicts by size or weight (a {@code maximum} field: the generated class has it only then) or
 * expires entries ({@code expiresAfterAccessNanos}, {@code expiresAfterWriteNanos}, a variable {@code expiry}).
 */
public final class Caffeine {
    static final String PACKAGE = "com.github.benmanes.caffeine.cache.";
    static final String BOUNDED = PACKAGE + "BoundedLocalCache";
    static final String UNBOUNDED = PACKAGE + "UnboundedLocalCache";
    /** The node class of every bounded cache's entries (generated subclasses: {@code PSMS}, {@code PSW}, ...). */
    static final String NODE = PACKAGE + "Node";

    private Caffeine() {
    }

    /** True for a local cache or one of the manual, loading or async wrappers around it. */
    public static boolean isCache(HeapClass c) {
        return localCache(c) || c.name().startsWith(PACKAGE) && c.name().contains("LocalCache$")
                && c.declaredFieldNames().contains("cache");
    }

    private static boolean localCache(HeapClass c) {
        return c.isSubclassOf(BOUNDED) || c.isSubclassOf(UNBOUNDED);
    }

    /** True for the nodes a bounded cache keeps its entries in: structure, not what the cache holds. */
    public static boolean isNode(HeapClass c) {
        return c.isSubclassOf(NODE);
    }

    /** The local cache of a cache object (itself, or the one its wrapper holds); null for anything else. */
    public static HeapObject localCache(HeapObject cache) {
        for (int depth = 0; cache != null && depth < 3; depth++) {
            if (localCache(cache.heapClass())) {
                return cache;
            }
            cache = cache.ref("cache");
        }
        return null;
    }

    /** The number of entries (the size of its {@code data} map); -1 when {@code cache} is not a Caffeine cache. */
    public static long size(HeapView heap, HeapObject cache) {
        HeapObject local = localCache(cache);
        return local == null ? -1 : Collections.elementCount(heap, local.ref("data"));
    }

    /** True when the cache neither evicts nor expires anything (see the class comment). */
    public static boolean isUnbounded(HeapObject cache) {
        HeapObject local = localCache(cache);
        if (local == null) {
            return false;
        }
        if (local.heapClass().isSubclassOf(UNBOUNDED)) {
            return true;
        }
        return !local.hasField("maximum") && !local.hasField("expiresAfterAccessNanos")
                && !local.hasField("expiresAfterWriteNanos") && local.ref("expiry") == null
                && local.ref("timerWheel") == null;
    }
}
