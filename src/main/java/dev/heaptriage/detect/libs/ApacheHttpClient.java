package dev.heaptriage.detect.libs;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache HttpClient's connection pools, read by the fields present: HttpCore 5's {@code StrictConnPool} (the
 * default of {@code PoolingHttpClientConnectionManager}; {@code leased} set, {@code available} list) and
 * {@code LaxConnPool} ({@code routeToPool} of {@code PerRoutePool}s with a {@code leased} map and an
 * {@code available} deque of {@code AtomicMarkableReference}s), and HttpClient 4's {@code AbstractConnPool}
 * ({@code leased}, {@code available}). An entry ({@code PoolEntry}) holds its connection in {@code connRef} (5) or
 * {@code conn} (4); the socket is {@code socketHolderRef.value.baseSocket} (5) or {@code socketHolder.value} (4).
 *
 * <p>A leased entry is in use while the application holds what leased it: the connection endpoint (5:
 * {@code InternalConnectionEndpoint.poolEntryRef}, an {@code AtomicReference}) or proxy (4:
 * {@code CPoolProxy.poolEntry}) that a {@code CloseableHttpResponse} reaches. A response dropped without
 * {@code close()} leaves the entry leased with no such holder: Apache never takes it back, and once
 * {@code maxPerRoute} are lost every request waits.
 */
public final class ApacheHttpClient {
    public static final String LIBRARY = "Apache HttpClient";

    private ApacheHttpClient() {
    }

    /** Every connection of every Apache pool in the dump, with its lease. */
    public static List<ClientResource> pooledConnections(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        for (String strict : new String[] {"org.apache.hc.core5.pool.StrictConnPool", "org.apache.http.pool.AbstractConnPool"}) {
            for (HeapObject pool : heap.instancesOf(strict, true)) {
                entries(heap, pool, pool.ref("leased"), true, out);
                entries(heap, pool, pool.ref("available"), false, out);
            }
        }
        for (HeapObject pool : heap.instancesOf("org.apache.hc.core5.pool.LaxConnPool", true)) {
            for (HeapObject route : Collections.mapValues(heap, pool.ref("routeToPool"))) {
                entries(heap, pool, route.ref("leased"), true, out);
                List<HeapObject> available = new ArrayList<>();
                for (HeapObject marked : Collections.elements(heap, route.ref("available"))) {
                    HeapObject pair = marked.ref("pair");
                    if (pair != null && pair.ref("reference") != null) {
                        available.add(pair.ref("reference"));
                    }
                }
                for (HeapObject e : available) {
                    add(heap, pool, e, false, out);
                }
            }
        }
        return out;
    }

    private static void entries(HeapView heap, HeapObject pool, HeapObject collection, boolean leased,
                                List<ClientResource> out) {
        for (HeapObject e : Collections.elements(heap, collection)) {
            add(heap, pool, e, leased, out);
        }
    }

    private static void add(HeapView heap, HeapObject pool, HeapObject entry, boolean leased, List<ClientResource> out) {
        HeapObject socket = socketOf(connectionOf(entry));
        if (socket == null) {
            return; // not yet connected, or an async connection (its channel is reported as such)
        }
        if (!leased) {
            out.add(new ClientResource(LIBRARY, pool, socket, ClientResource.State.IDLE, null));
            return;
        }
        HeapObject user = leaseHolder(heap, pool, entry);
        out.add(new ClientResource(LIBRARY, pool, socket,
                user != null ? ClientResource.State.IN_USE : ClientResource.State.LEAKED, user));
    }

    private static HeapObject connectionOf(HeapObject entry) {
        if (entry.hasField("connRef")) {
            HeapObject ref = entry.ref("connRef");
            return ref == null ? null : ref.ref("value");
        }
        return entry.ref("conn");
    }

    private static HeapObject socketOf(HeapObject conn) {
        if (conn == null) {
            return null;
        }
        for (String holderField : new String[] {"socketHolderRef", "socketHolder"}) {
            HeapObject ref = conn.ref(holderField);
            HeapObject holder = ref == null ? null : ref.ref("value");
            if (holder != null) {
                return holder.hasField("baseSocket") ? holder.ref("baseSocket") : holder;
            }
        }
        return null;
    }

    /**
     * The live object outside the pool that holds a leased entry, directly or through an {@code AtomicReference}:
     * the endpoint or proxy a response reaches. Null when only the pool's own collections hold it.
     */
    private static HeapObject leaseHolder(HeapView heap, HeapObject pool, HeapObject entry) {
        for (int r : heap.referrers(entry.id())) {
            if (!heap.isLive(r) || heap.classById(r) != null) {
                continue;
            }
            String cls = heap.classOf(r).name();
            if (cls.equals("java.util.concurrent.atomic.AtomicReference")) {
                for (int rr : heap.referrers(r)) {
                    if (heap.isLive(rr) && heap.classById(rr) == null && isLeaseHolder(heap.classOf(rr).name(), pool)) {
                        return heap.object(rr);
                    }
                }
            } else if (isLeaseHolder(cls, pool)) {
                return heap.object(r);
            }
        }
        return null;
    }

    private static boolean isLeaseHolder(String cls, HeapObject pool) {
        // The pool's own bookkeeping (its per-route pools, lease requests) is not a holder from outside.
        return !JdkClasses.isJdkClass(cls) && !cls.equals(pool.className()) && !cls.startsWith("org.apache.hc.core5.pool.")
                && !cls.startsWith("org.apache.http.pool.");
    }
}
