package dev.heaptriage.scenarios;

import com.sun.net.httpserver.HttpServer;
import dev.heaptriage.testing.Scenario;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * HTTP clients whose responses are never closed, against a loopback {@code com.sun.net.httpserver} server;
 * {@link FdHttpClientsDoneRight} does the same requests and closes every response, with one shared client of each
 * kind. Dumped after a GC ({@code live=true}); the dropped responses and clients are let go just before it, so the
 * dump's GC is the one that finds them. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #OKHTTP}: {@value #OKHTTP_LEAKED} responses dropped without {@code close()}: connections leased from
 *       the OkHttp pool and never returned, one group owned by {@code FdHttpClients.OKHTTP}, medium; and
 *       {@value #OKHTTP_HELD} responses still held unclosed in {@link #OPEN_RESPONSES}: a group owned by that field,
 *       low.</li>
 *   <li>{@link #APACHE} over {@link #APACHE_POOL} (raised limits, so the leak does not block): {@value #APACHE_LEAKED}
 *       {@code CloseableHttpResponse}s dropped without {@code close()}: leased connections never returned, one group
 *       owned by the pool's holder, medium.</li>
 *   <li>{@value #PER_REQUEST} {@code java.net.http.HttpClient}s built for one request each and dropped: one group of
 *       their selectors and pooled connections ({@value #PER_REQUEST} of each), medium.</li>
 *   <li>The server's side of every connection (its keep-alive connections) is housekeeping of a running server.</li>
 * </ul>
 */
public final class FdHttpClients {
    public static final int OKHTTP_LEAKED = 60;
    public static final int OKHTTP_HELD = 8;
    public static final int APACHE_LEAKED = 60;
    public static final int PER_REQUEST = 30;

    static HttpServer HTTP;
    static OkHttpClient OKHTTP;
    static CloseableHttpClient APACHE;
    static PoolingHttpClientConnectionManager APACHE_POOL;
    static HttpClient SHARED;
    static final List<Response> OPEN_RESPONSES = new ArrayList<>();

    private static List<Object> dropped = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }

    @SuppressWarnings("deprecation") // execute(request) returning the response: the API whose misuse leaks
    static void run(String dump, boolean right) throws Exception {
        HTTP = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        HTTP.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        HTTP.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-server");
            t.setDaemon(true);
            return t;
        }));
        HTTP.start();
        String url = "http://127.0.0.1:" + HTTP.getAddress().getPort() + "/";

        OKHTTP = new OkHttpClient();
        Request request = new Request.Builder().url(url).build();
        for (int i = 0; i < OKHTTP_LEAKED; i++) {
            Response r = OKHTTP.newCall(request).execute();
            if (right) {
                r.close();
            } else {
                dropped.add(r); // only the status was looked at; the body is never closed
            }
        }
        for (int i = 0; i < OKHTTP_HELD; i++) {
            try (Response r = OKHTTP.newCall(request).execute()) {
                if (!right) {
                    OPEN_RESPONSES.add(r);
                    continue;
                }
                r.body().string();
            }
        }
        if (!right) {
            // (try-with-resources closed them above; reopen ones that stay open, held by the application)
            OPEN_RESPONSES.clear();
            for (int i = 0; i < OKHTTP_HELD; i++) {
                OPEN_RESPONSES.add(OKHTTP.newCall(request).execute());
            }
        }

        APACHE_POOL = new PoolingHttpClientConnectionManager();
        APACHE_POOL.setMaxTotal(500);
        APACHE_POOL.setDefaultMaxPerRoute(500);
        APACHE = HttpClients.custom().setConnectionManager(APACHE_POOL).build();
        for (int i = 0; i < APACHE_LEAKED; i++) {
            CloseableHttpResponse r = APACHE.execute(new HttpGet(url));
            if (right) {
                EntityUtils.consume(r.getEntity());
                r.close();
            } else {
                dropped.add(r);
            }
        }

        HttpRequest jdkRequest = HttpRequest.newBuilder(URI.create(url)).build();
        SHARED = right ? HttpClient.newHttpClient() : null;
        for (int i = 0; i < PER_REQUEST; i++) {
            HttpClient client = right ? SHARED : HttpClient.newHttpClient();
            HttpResponse<String> r = client.send(jdkRequest, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode());
            }
            if (!right) {
                dropped.add(client);
            }
        }
        Thread.sleep(300); // let the clients' pools and the server settle
        dropped = null;
        Scenario.dumpLive(dump);
        System.exit(0);
    }
}
