package dev.heaptriage.scenarios;

import com.sun.net.httpserver.HttpServer;
import dev.heaptriage.testing.Scenario;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP responses whose body was never read to the end or closed, against a local {@code com.sun.net.httpserver}
 * server on 127.0.0.1 (stopped before the dump, so only the client side is open). What to observe
 * ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #BODIES}: {@value #UNREAD} response bodies read 10 bytes into 4 KiB and kept: one finding, kind
 *       http-response, count {@value #UNREAD}, peer {@code http://127.0.0.1:<port>/data}, owner
 *       {@code FdHttpBodies.BODIES (static field)}, low.</li>
 *   <li>{@value #CONSUMED} responses read to the end and closed: their connections are parked in the JDK's
 *       keep-alive cache (JDK housekeeping, closed by the Keep-Alive-Timer): nothing.</li>
 * </ul>
 */
public final class FdHttpBodies {
    public static final int UNREAD = 15;
    public static final int CONSUMED = 3;
    static final int BODY_BYTES = 4096;

    static final List<InputStream> BODIES = new ArrayList<>();
    static final List<HttpURLConnection> DONE = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/data", exchange -> {
            byte[] body = new byte[BODY_BYTES];
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/data");
        for (int i = 0; i < CONSUMED; i++) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            DONE.add(c);
        }
        for (int i = 0; i < UNREAD; i++) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            InputStream in = c.getInputStream();
            in.read(new byte[10]);
            BODIES.add(in);
        }
        server.stop(0);
        Scenario.dump(args[0]);
    }
}
