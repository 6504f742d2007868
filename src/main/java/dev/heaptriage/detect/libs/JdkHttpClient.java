package dev.heaptriage.detect.libs;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.References;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDK's {@code java.net.http.HttpClient} (11+, jdk-layouts.md §7.3), read by the fields present. Each
 * {@code HttpClientImpl} runs a selector thread ({@code selmgr}, a {@code SelectorManager} with its {@code selector})
 * and keeps idle connections in {@code connections} ({@code ConnectionPool}: {@code plainPool} and {@code sslPool},
 * maps of lists of {@code HttpConnection}); 21+ also lists every open connection in {@code openedConnections}. A
 * connection's channel is {@code chan} ({@code PlainHttpConnection}), or that of its {@code plainConnection} (TLS)
 * or {@code delegate} (tunnels).
 *
 * <p>The application holds the client through an {@code HttpClientFacade}, which the implementation knows only
 * weakly ({@code facadeRef}). A client whose facade is gone (cleared, or unreachable) was dropped: created per request
 * and never shared or closed, it keeps its selector thread, its selector and its connections until the thread
 * notices, seconds later; under load they pile up. A live client's selector and idle connections are its
 * housekeeping.
 */
public final class JdkHttpClient {
    public static final String LIBRARY = "java.net.http.HttpClient";
    public static final String IMPL = "jdk.internal.net.http.HttpClientImpl";

    private JdkHttpClient() {
    }

    /** The selector and connections of every client in the dump. */
    public static List<ClientResource> resources(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        for (HeapObject impl : heap.instancesOf(IMPL, false)) {
            HeapObject facadeRef = impl.ref("facadeRef");
            if (facadeRef == null) {
                continue;
            }
            HeapObject facade = References.referent(facadeRef);
            boolean dropped = facade == null || !heap.isLive(facade.id());
            ClientResource.State state = dropped ? ClientResource.State.CLIENT_DROPPED : ClientResource.State.IDLE;
            HeapObject selmgr = impl.ref("selmgr");
            HeapObject selector = selmgr == null ? null : selmgr.ref("selector");
            if (selector != null) {
                out.add(new ClientResource(LIBRARY, impl, selector, state, null));
            }
            Set<HeapObject> pooled = pooledChannels(heap, impl.ref("connections"));
            for (HeapObject chan : pooled) {
                out.add(new ClientResource(LIBRARY, impl, chan, state, null));
            }
            if (dropped) {
                // In-flight connections of a dropped client (21+ lists them) go with it; a live client's are its
                // requests' and are found from their holders.
                for (HeapObject conn : Collections.elements(heap, impl.ref("openedConnections"))) {
                    HeapObject chan = channelOf(conn);
                    if (chan != null && !pooled.contains(chan)) {
                        out.add(new ClientResource(LIBRARY, impl, chan, state, null));
                    }
                }
            }
        }
        return out;
    }

    private static Set<HeapObject> pooledChannels(HeapView heap, HeapObject pool) {
        Set<HeapObject> out = new LinkedHashSet<>();
        if (pool == null) {
            return out;
        }
        for (String field : new String[] {"plainPool", "sslPool"}) {
            for (HeapObject list : Collections.mapValues(heap, pool.ref(field))) {
                for (HeapObject conn : Collections.elements(heap, list)) {
                    HeapObject chan = channelOf(conn);
                    if (chan != null) {
                        out.add(chan);
                    }
                }
            }
        }
        return out;
    }

    /** The {@code SocketChannel} of an {@code HttpConnection}, through TLS and tunnel wrappers. */
    static HeapObject channelOf(HeapObject conn) {
        for (int depth = 0; conn != null && depth < 4; depth++) {
            if (conn.hasField("chan")) {
                return conn.ref("chan");
            }
            conn = conn.hasField("plainConnection") ? conn.ref("plainConnection") : conn.ref("delegate");
        }
        return null;
    }
}
