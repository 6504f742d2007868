package dev.heaptriage.scenarios;

import com.sun.net.httpserver.HttpServer;
import dev.heaptriage.testing.Scenario;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Near-miss for {@code unclosed-fd}: the work of {@link FdSockets}, {@link FdChannels} (datagrams) and
 * {@link FdHttpBodies}, with every socket and channel closed and kept reachable from {@link #CLOSED}, and every
 * HTTP body read to the end and closed (its connection parks in the JDK keep-alive cache, which is housekeeping);
 * the HTTP server is stopped. What to observe: no {@code unclosed-fd} finding at {@code low} or above (and none at
 * all).
 */
public final class FdAllClosedNet {
    static final List<Object> CLOSED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 100, loopback)) {
            for (int i = 0; i < 20; i++) {
                try (Socket c = new Socket(loopback, server.getLocalPort()); Socket a = server.accept()) {
                    CLOSED.add(c);
                    CLOSED.add(a);
                }
            }
            CLOSED.add(server);
        }
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0), 100)) {
            for (int i = 0; i < 8; i++) {
                try (SocketChannel c = SocketChannel.open(server.getLocalAddress());
                     SocketChannel a = server.accept()) {
                    CLOSED.add(c);
                    CLOSED.add(a);
                }
            }
            CLOSED.add(server);
        }
        for (int i = 0; i < 5; i++) {
            try (DatagramChannel d = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
                CLOSED.add(d);
            }
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
        http.createContext("/data", exchange -> {
            byte[] body = new byte[4096];
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        URL url = new URL("http://127.0.0.1:" + http.getAddress().getPort() + "/data");
        for (int i = 0; i < 15; i++) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            CLOSED.add(c);
        }
        http.stop(0);
        Scenario.dump(args[0]);
    }
}
