package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import io.netty.util.HashedWheelTimer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;

/**
 * Near-miss of {@link ThreadsLeakedLibraries}: the same work done right. What to observe: no finding at {@code low}
 * or above.
 * <ul>
 *   <li>Per-request clients whose event-loop groups are {@code shutdownGracefully()} (still listed in
 *       {@link #STOPPED}), plus two clients still in use (held by {@link #IN_USE}).</li>
 *   <li>Per-request wheel timers that are {@code stop()}ped (listed in {@link #STOPPED}), and one shared timer
 *       ({@link #SHARED_TIMER}) with many pending timeouts.</li>
 *   <li>Guava services stopped with {@code stopAsync()}, and one running service held by {@link #SERVICE}.</li>
 *   <li>Apache clients with an idle-connection evictor: some closed, one in use ({@link #APACHE}).</li>
 *   <li>{@value #JDK_CLIENTS} {@code java.net.http.HttpClient}s made per request and dropped: their selector threads
 *       still run, but each ends by itself once its client is unreachable (it checks on every wake-up), so none is a
 *       leak.</li>
 * </ul>
 */
public final class ThreadsLibrariesStopped {
    public static final int JDK_CLIENTS = 4;
    static final List<Object> IN_USE = new ArrayList<>();
    /** The clients and timers that were shut down or stopped, still referenced (a registry of closed clients). */
    static final List<Object> STOPPED = new ArrayList<>();
    static HashedWheelTimer SHARED_TIMER;
    static ThreadsLeakedLibraries.Heartbeat SERVICE;
    static CloseableHttpClient APACHE;

    public static void main(String[] args) throws Exception {
        ThreadsLeakedLibraries.startServers();
        InetSocketAddress echo = (InetSocketAddress) ThreadsLeakedLibraries.SERVER.localAddress();
        for (int i = 0; i < ThreadsLeakedLibraries.NETTY_CLIENTS; i++) {
            ThreadsLeakedLibraries.PerRequestClient c = new ThreadsLeakedLibraries.PerRequestClient();
            c.connect(echo);
            c.channel.close().sync();
            c.group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
            STOPPED.add(c);
        }
        for (int i = 0; i < 2; i++) {
            ThreadsLeakedLibraries.PerRequestClient c = new ThreadsLeakedLibraries.PerRequestClient();
            c.connect(echo);
            IN_USE.add(c);
        }
        for (int i = 0; i < ThreadsLeakedLibraries.WHEEL_TIMERS; i++) {
            HashedWheelTimer timer = new HashedWheelTimer();
            timer.newTimeout(new ThreadsLeakedLibraries.Expiry(), 1, TimeUnit.HOURS);
            timer.stop();
            STOPPED.add(timer);
        }
        SHARED_TIMER = new HashedWheelTimer();
        for (int i = 0; i < 20; i++) {
            SHARED_TIMER.newTimeout(new ThreadsLeakedLibraries.Expiry(), 1, TimeUnit.HOURS);
        }
        for (int i = 0; i < ThreadsLeakedLibraries.GUAVA_SERVICES; i++) {
            ThreadsLeakedLibraries.Heartbeat s = new ThreadsLeakedLibraries.Heartbeat();
            s.startAsync().awaitRunning();
            s.stopAsync().awaitTerminated();
        }
        SERVICE = new ThreadsLeakedLibraries.Heartbeat();
        SERVICE.startAsync().awaitRunning();
        String url = "http://127.0.0.1:" + ThreadsLeakedLibraries.HTTP.getAddress().getPort() + "/";
        for (int i = 0; i < ThreadsLeakedLibraries.APACHE_CLIENTS; i++) {
            try (CloseableHttpClient client = HttpClients.custom().evictIdleConnections(TimeValue.ofMinutes(1))
                    .build()) {
                get(client, url);
            }
        }
        APACHE = HttpClients.custom().evictIdleConnections(TimeValue.ofMinutes(1)).build();
        get(APACHE, url);
        for (int i = 0; i < JDK_CLIENTS; i++) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        Thread.sleep(500);
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }

    private static void get(CloseableHttpClient client, String url) throws Exception {
        client.execute(new HttpGet(url), r -> {
            EntityUtils.consume(r.getEntity());
            return r.getCode();
        });
    }
}
