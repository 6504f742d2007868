package dev.heaptriage.scenarios;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.heaptriage.testing.Scenario;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.eclipse.jetty.client.HttpClient;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Thread owners of libraries that no reader in {@code detect/libs} names, made per request or per tenant and dropped
 * without their stop call; nothing in the application references them any more (only their own threads, a library's
 * internal registry or another thread's thread-local map do). What to observe, one finding per library, owner "nothing
 * in the application holds it" with the stop call the class declares:
 * <ul>
 *   <li>{@value #HIKARI_POOLS} HikariCP 7 pools over H2 in-memory databases, never {@code close()}d: one housekeeper
 *       thread each in a timed wait; {@code main}'s thread-local connection list still reaches each pool.</li>
 *   <li>{@value #QUARTZ_SCHEDULERS} Quartz schedulers started and never {@code shutdown()}: a scheduler thread and
 *       {@value #QUARTZ_WORKERS} workers each, held by Quartz's own static {@code SchedulerRepository}.</li>
 *   <li>{@value #REACTOR_SCHEDULERS} Reactor {@code Schedulers.newSingle} schedulers never {@code dispose()}d: one
 *       worker each, idle on its queue.</li>
 *   <li>{@value #JETTY_CLIENTS} Jetty 12 {@code HttpClient}s started, used once and never {@code stop()}ped: their
 *       selector and pool threads ({@code select()}, timed polls).</li>
 *   <li>{@value #ZOOKEEPER_CLIENTS} ZooKeeper clients connected and never {@code close()}d: a send thread in
 *       {@code select()} and an event thread parked on its queue each.</li>
 *   <li>{@value #H2_DATABASES} H2 file databases opened and never closed: one MVStore background writer each in a
 *       timed wait, held by H2's static database registry.</li>
 * </ul>
 * A shared ZooKeeper server and a loopback HTTP server are held by statics and stay silent. The near-miss is
 * {@link ThreadsUnseenLibrariesStopped}.
 */
public final class ThreadsUnseenLibraries {
    public static final int HIKARI_POOLS = 4;
    public static final int QUARTZ_SCHEDULERS = 3;
    public static final int QUARTZ_WORKERS = 2;
    public static final int REACTOR_SCHEDULERS = 5;
    public static final int JETTY_CLIENTS = 2;
    public static final int ZOOKEEPER_CLIENTS = 3;
    public static final int H2_DATABASES = 6;

    static ServerCnxnFactory ZK_SERVER;
    static HttpServer HTTP;
    static Path DATA;

    public static void main(String[] args) throws Exception {
        try {
            leak(args);
        } catch (Throwable e) {
            e.printStackTrace(); // ZooKeeper's uncaught-exception handler logs to SLF4J, which has no provider here
            System.exit(1);
        }
    }

    static void leak(String[] args) throws Exception {
        startServers();
        for (int i = 0; i < HIKARI_POOLS; i++) {
            hikari("leaked" + i).getConnection().close();
        }
        for (int i = 0; i < QUARTZ_SCHEDULERS; i++) {
            quartz("leaked" + i).start();
        }
        for (int i = 0; i < REACTOR_SCHEDULERS; i++) {
            Schedulers.newSingle("tenant-" + i).schedule(() -> { });
        }
        for (int i = 0; i < JETTY_CLIENTS; i++) {
            jetty();
        }
        for (int i = 0; i < ZOOKEEPER_CLIENTS; i++) {
            zookeeper();
        }
        for (int i = 0; i < H2_DATABASES; i++) {
            h2("leaked" + i);
        }
        settleAndDump(args[0]);
    }

    static HikariDataSource hikari(String tenant) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + tenant + ";DB_CLOSE_DELAY=-1");
        config.setMinimumIdle(1);
        config.setMaximumPoolSize(10);
        config.setPoolName("tenant-" + tenant);
        return new HikariDataSource(config);
    }

    static Scheduler quartz(String name) throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(QUARTZ_WORKERS));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        return new StdSchedulerFactory(p).getScheduler();
    }

    static HttpClient jetty() throws Exception {
        HttpClient client = new HttpClient();
        client.start();
        client.GET("http://127.0.0.1:" + HTTP.getAddress().getPort() + "/");
        return client;
    }

    static ZooKeeper zookeeper() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + ZK_SERVER.getLocalPort(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ZooKeeper did not connect");
        }
        zk.exists("/", false);
        return zk;
    }

    static Connection h2(String name) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:file:" + DATA.resolve(name) + ";WRITE_DELAY=10000");
        try (var s = c.createStatement()) {
            s.execute("create table if not exists t(id int)");
            s.execute("insert into t values (1)");
        }
        return c;
    }

    /** A ZooKeeper server and a loopback HTTP server, both held by statics (in use, never reported). */
    static void startServers() throws Exception {
        System.setProperty("zookeeper.admin.enableServer", "false");
        System.setProperty("zookeeper.jmx.log4j.disable", "true");
        DATA = Files.createTempDirectory("unseen-libs");
        File zkDir = DATA.resolve("zk").toFile();
        ZooKeeperServer zks = new ZooKeeperServer(zkDir, zkDir, 2000);
        ZK_SERVER = ServerCnxnFactory.createFactory(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        ZK_SERVER.startup(zks);
        HTTP = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        HTTP.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        HTTP.start();
    }

    static void settleAndDump(String file) throws Exception {
        System.gc();
        Thread.setDefaultUncaughtExceptionHandler(null);
        Thread.sleep(1000); // every loop back in select(), every worker idle
        Scenario.dumpLive(file);
        System.exit(0); // the libraries' non-daemon threads would keep the JVM alive
    }

    /** What the near-miss keeps: the closed ones (a registry of closed clients) and the ones still in use. */
    static final List<Object> KEPT = new ArrayList<>();
}
