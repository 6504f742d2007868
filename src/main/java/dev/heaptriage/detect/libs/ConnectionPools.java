package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * Every client resource that the known readers find: the HTTP clients ({@link OkHttp}, {@link ApacheHttpClient},
 * {@link JdkHttpClient}) and the selectors of {@link NettyEventLoops}.
 */
public final class ConnectionPools {
    private ConnectionPools() {
    }

    public static List<ClientResource> all(HeapView heap) {
        List<ClientResource> out = new ArrayList<>();
        out.addAll(OkHttp.pooledConnections(heap));
        out.addAll(ApacheHttpClient.pooledConnections(heap));
        out.addAll(JdkHttpClient.resources(heap));
        out.addAll(NettyEventLoops.selectorsOfRunningLoops(heap));
        return out;
    }
}
