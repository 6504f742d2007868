package dev.heaptriage.scenarios;

import com.sun.net.httpserver.HttpServer;
import dev.heaptriage.testing.Scenario;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * A healthy service with the usual libraries loaded, in use and then idle, every resource held by the application
 * and nothing leaked. Every detector must stay silent here at {@code low} and above. What it holds:
 * <ul>
 *   <li>{@link #HTTP}: a loopback {@code com.sun.net.httpserver} server answering {@code /}.</li>
 *   <li>{@link #OKHTTP}: one shared OkHttp client that made {@value #REQUESTS} concurrent requests, each response
 *       closed, so its pool keeps idle keep-alive connections (OkHttp keeps up to 5).</li>
 *   <li>{@link #APACHE}: one shared Apache HttpClient 5 with a {@code PoolingHttpClientConnectionManager} that made
 *       {@value #REQUESTS} concurrent requests, each response consumed and closed: idle pooled connections.</li>
 *   <li>{@link #NETTY_SERVER}/{@link #NETTY_CLIENT}: a Netty echo server and a connected client on shared event-loop
 *       groups ({@link #BOSS}, {@link #WORKERS}, {@link #CLIENT_LOOP}) with the default (adaptive, pooled) allocator;
 *       one message echoed.</li>
 * </ul>
 */
public final class IdleLibraries {
    public static final int REQUESTS = 8;

    static HttpServer HTTP;
    static OkHttpClient OKHTTP;
    static CloseableHttpClient APACHE;
    static PoolingHttpClientConnectionManager APACHE_POOL;
    static EventLoopGroup BOSS;
    static EventLoopGroup WORKERS;
    static EventLoopGroup CLIENT_LOOP;
    static Channel NETTY_SERVER;
    static Channel NETTY_CLIENT;

    public static void main(String[] args) throws Exception {
        HTTP = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        HTTP.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        HTTP.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, daemon("http-server")));
        HTTP.start();
        String url = "http://127.0.0.1:" + HTTP.getAddress().getPort() + "/";

        OKHTTP = new OkHttpClient();
        APACHE_POOL = new PoolingHttpClientConnectionManager();
        APACHE = HttpClients.custom().setConnectionManager(APACHE_POOL).build();
        concurrently(REQUESTS, () -> {
            try (Response r = OKHTTP.newCall(new Request.Builder().url(url).build()).execute()) {
                r.body().string();
            }
        });
        concurrently(REQUESTS, () -> APACHE.execute(new HttpGet(url), response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        }));

        BOSS = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        WORKERS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        CLIENT_LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        NETTY_SERVER = new ServerBootstrap().group(BOSS, WORKERS).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }
                        });
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        CountDownLatch echoed = new CountDownLatch(1);
        NETTY_CLIENT = new Bootstrap().group(CLIENT_LOOP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                echoed.countDown();
                            }
                        });
                    }
                }).connect(NETTY_SERVER.localAddress()).sync().channel();
        NETTY_CLIENT.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)).sync();
        if (!echoed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no echo from the Netty server");
        }
        Thread.sleep(300); // let every pool and loop go idle
        Scenario.dumpLive(args[0]);
        System.exit(0); // the libraries' non-daemon threads would keep the JVM alive
    }

    interface Work {
        void run() throws Exception;
    }

    private static void concurrently(int n, Work work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[n];
        Exception[] failure = new Exception[1];
        for (int i = 0; i < n; i++) {
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                    work.run();
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
