package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;

/**
 * Guava's {@code com.google.common.cache} (read by the fields present, Guava 11 - 33): a {@code LocalCache} (an
 * {@code AbstractMap} of {@code Segment}s, each with a {@code count} and a table of entries) behind the
 * {@code LocalManualCache} / {@code LocalLoadingCache} that {@code CacheBuilder.build()} returns. A cache is bounded
 * when it evicts by size or weight ({@code maxWeight} ≥ 0; {@code CacheBuilder} leaves it -1 when neither
 * {@code maximumSize} nor {@code maximumWeight} is set) or expires entries ({@code expireAfterAccessNanos} or
 * {@code expireAfterWriteNanos} &gt; 0).
 */
public final class Guava {
    static final String LOCAL_CACHE = "com.google.common.cache.LocalCache";
    static final String MANUAL_CACHE = "com.google.common.cache.LocalCache$LocalManualCache";

    private Guava() {
    }

    /** True for a {@code LocalCache} or the manual or loading cache wrapping one. */
    public static boolean isCache(HeapClass c) {
        return c.isSubclassOf(LOCAL_CACHE) || c.isSubclassOf(MANUAL_CACHE);
    }

    /** The {@code LocalCache} of a cache object (itself, or the one its wrapper holds); null for anything else. */
    public static HeapObject localCache(HeapObject cache) {
        if (cache == null) {
            return null;
        }
        if (cache.heapClass().isSubclassOf(LOCAL_CACHE)) {
            return cache;
        }
        return cache.heapClass().isSubclassOf(MANUAL_CACHE) ? cache.ref("localCache") : null;
    }

    /** The number of entries: the sum of the segments' {@code count}; -1 when {@code cache} is not a Guava cache. */
    public static long size(HeapView heap, HeapObject cache) {
        HeapObject local = localCache(cache);
        HeapObject segments = local == null ? null : local.ref("segments");
        if (segments == null || !segments.isArray()) {
            return -1;
        }
        long n = 0;
        for (int id : segments.elementIds()) {
            if (id != 0) {
                n += heap.object(id).intValue("count", 0);
            }
        }
        return n;
    }

    /** True when the cache neither evicts by size or weight nor expires entries (see the class comment). */
    public static boolean isUnbounded(HeapObject cache) {
        HeapObject local = localCache(cache);
        if (local == null || !local.hasField("maxWeight")) {
            return false;
        }
        return local.longValue("maxWeight", 0) < 0 && local.longValue("expireAfterAccessNanos", 0) <= 0
                && local.longValue("expireAfterWriteNanos", 0) <= 0;
    }

    /**
     * True for the classes a Guava cache is built of rather than what it holds: its segments, entries
     * ({@code StrongEntry}, {@code WeakAccessEntry}, ...) and value references.
     */
    public static boolean isInternalNode(HeapClass c) {
        String n = c.name();
        return n.startsWith(LOCAL_CACHE + "$") && (n.endsWith("Segment") || n.endsWith("Entry")
                || n.endsWith("ValueReference"));
    }
}
