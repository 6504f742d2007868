package dev.heaptriage.scenarios;

import com.google.common.util.concurrent.AbstractScheduledService;
import com.sun.net.httpserver.HttpServer;
import dev.heaptriage.testing.Scenario;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;

/**
 * Library threads that a "per request" code path starts and never stops; nothing but those threads references what
 * could stop them. What to observe (one finding each, owners in this class):
 * <ul>
 *   <li>{@value #NETTY_CLIENTS} {@link PerRequestClient}s, each with its own one-thread
 *       {@code MultiThreadIoEventLoopGroup} and a channel to a shared loopback echo server, never
 *       {@code shutdownGracefully()}: {@value #NETTY_CLIENTS} event-loop threads in {@code select()}, owner
 *       {@code PerRequestClient.group}.</li>
 *   <li>{@value #WHEEL_TIMERS} {@code HashedWheelTimer}s, one per request, each with an hour-long {@link Expiry}
 *       timeout and never {@code stop()}ped: {@value #WHEEL_TIMERS} worker threads in {@code sleep()}, created with
 *       {@code Expiry}.</li>
 *   <li>{@value #GUAVA_SERVICES} Guava {@link Heartbeat} services started per request and never
 *       {@code stopAsync()}: {@value #GUAVA_SERVICES} scheduler threads whose pool only the service references.</li>
 *   <li>{@value #APACHE_CLIENTS} Apache HttpClient 5 clients built with {@code evictIdleConnections} and never
 *       closed: {@value #APACHE_CLIENTS} {@code IdleConnectionEvictor} threads sleeping in their loop (a library
 *       thread the detector has no reader for: the general rule finds it).</li>
 * </ul>
 * The near-miss is {@link ThreadsLibrariesStopped}.
 */
public final class ThreadsLeakedLibraries {
    public static final int NETTY_CLIENTS = 12;
    public static final int WHEEL_TIMERS = 6;
    public static final int GUAVA_SERVICES = 3;
    public static final int APACHE_CLIENTS = 3;

    static EventLoopGroup SERVER_GROUP;
    static Channel SERVER;
    static HttpServer HTTP;

    /** A client made per request: its own event-loop group and one open channel, never shut down. */
    static final class PerRequestClient {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel channel;

        void connect(InetSocketAddress to) throws InterruptedException {
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Handler(PerRequestClient.this));
                        }
                    }).connect(to).sync().channel();
        }
    }

    /** The application's handler: it knows its client. */
    static final class Handler extends ChannelInboundHandlerAdapter {
        final PerRequestClient client;

        Handler(PerRequestClient client) {
            this.client = client;
        }
    }

    /** The application's timeout task. */
    static final class Expiry implements TimerTask {
        final byte[] session = new byte[256];

        @Override
        public void run(Timeout timeout) {
            session[0] = 1;
        }
    }

    /** The application's Guava service. */
    static final class Heartbeat extends AbstractScheduledService {
        @Override
        protected void runOneIteration() {
        }

        @Override
        protected Scheduler scheduler() {
            return Scheduler.newFixedDelaySchedule(1, 1, TimeUnit.HOURS);
        }
    }

    public static void main(String[] args) throws Exception {
        startServers();
        InetSocketAddress echo = (InetSocketAddress) SERVER.localAddress();
        for (int i = 0; i < NETTY_CLIENTS; i++) {
            new PerRequestClient().connect(echo);
        }
        for (int i = 0; i < WHEEL_TIMERS; i++) {
            HashedWheelTimer timer = new HashedWheelTimer();
            timer.newTimeout(new Expiry(), 1, TimeUnit.HOURS);
        }
        for (int i = 0; i < GUAVA_SERVICES; i++) {
            new Heartbeat().startAsync().awaitRunning();
        }
        String url = "http://127.0.0.1:" + HTTP.getAddress().getPort() + "/";
        for (int i = 0; i < APACHE_CLIENTS; i++) {
            CloseableHttpClient client = HttpClients.custom().evictIdleConnections(TimeValue.ofMinutes(1)).build();
            client.execute(new HttpGet(url), r -> {
                EntityUtils.consume(r.getEntity());
                return r.getCode();
            });
        }
        Thread.sleep(500); // every loop back in select(), every timer worker asleep
        Scenario.dumpLive(args[0]);
        System.exit(0); // the libraries' non-daemon threads would keep the JVM alive
    }

    /** A shared Netty echo server and a loopback HTTP server, both held by statics (in use, never reported). */
    static void startServers() throws Exception {
        SERVER_GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SERVER = new ServerBootstrap().group(SERVER_GROUP).channel(NioServerSocketChannel.class)
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
        HTTP = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        HTTP.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        HTTP.start();
    }
}
