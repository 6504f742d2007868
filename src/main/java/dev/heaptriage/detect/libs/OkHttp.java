package dev.heaptriage.detect.libs;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.References;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * OkHttp's connection pool (3.x to 5.x), read by the fields present. {@code RealConnectionPool.connections} (a
 * {@code ConcurrentLinkedQueue}, 4+; 3.x {@code ConnectionPool.connections}, an {@code ArrayDeque}) holds every
 * {@code RealConnection}; a connection's socket is {@code rawSocket} (under TLS {@code socket}/{@code javaNetSocket}
 * is layered over it). A connection is leased while {@code calls} (4+; 3.x {@code allocations}) holds weak references
 * to the calls using it: a call the application still holds (it has the {@code Response}) keeps its reference's
 * referent; a response dropped without {@code close()} leaves a cleared reference, which OkHttp itself reports as
 * "A connection ... was leaked. Did you forget to close a response body?".
 */
public final class OkHttp {
    public static final String LIBRARY = "OkHttp";

    private OkHttp() {
    }

    /** Every connection of every OkHttp pool in the dump, with its lease. */
    public static List<ClientResource> pooledConnections(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        for (String poolClass : new String[] {"okhttp3.internal.connection.RealConnectionPool", "okhttp3.ConnectionPool"}) {
            for (HeapObject pool : heap.instancesOf(poolClass, false)) {
                if (!pool.hasField("connections")) {
                    continue; // 4+ ConnectionPool only delegates to its RealConnectionPool
                }
                for (HeapObject conn : Collections.elements(heap, pool.ref("connections"))) {
                    HeapObject socket = conn.ref("rawSocket");
                    if (socket == null) {
                        continue;
                    }
                    out.add(lease(heap, pool, conn, socket));
                }
            }
        }
        return out;
    }

    private static ClientResource lease(HeapView heap, HeapObject pool, HeapObject conn, HeapObject socket) {
        HeapObject calls = conn.hasField("calls") ? conn.ref("calls") : conn.ref("allocations");
        List<HeapObject> refs = Collections.elements(heap, calls);
        if (refs.isEmpty()) {
            return new ClientResource(LIBRARY, pool, socket, ClientResource.State.IDLE, null);
        }
        for (HeapObject ref : refs) {
            HeapObject call = References.referent(ref);
            if (call != null && heap.isLive(call.id())) {
                return new ClientResource(LIBRARY, pool, socket, ClientResource.State.IN_USE, call);
            }
        }
        return new ClientResource(LIBRARY, pool, socket, ClientResource.State.LEAKED, null);
    }
}
