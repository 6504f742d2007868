package dev.heaptriage.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.eclipse.jetty.client.HttpClient;
import org.quartz.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A healthy service under normal load (issue 21, rule 5): {@value #REQUESTS} request threads mid-request, each with a
 * file and a socket to a backend (a loopback HTTP server) open in its frames and a pooled database connection leased,
 * plus one shared Jetty
 * {@code HttpClient} (held by a static) with {@value #POOLED} idle pooled connections to one peer, and the other
 * libraries of {@link ThreadsUnseenLibraries} in use: a shared HikariCP pool, a Quartz scheduler, a Reactor scheduler
 * and a ZooKeeper client, all held by statics. What to observe: no {@code parked-threads} or {@code unclosed-fd}
 * finding at {@code low} or above.
 */
public final class ServiceUnderLoad {
    public static final int REQUESTS = 8;
    public static final int POOLED = 5;

    static ExecutorService REQUEST_THREADS;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static HttpClient CLIENT;
    static HikariDataSource DB;
    static Scheduler QUARTZ;
    static reactor.core.scheduler.Scheduler REACTOR;
    static ZooKeeper ZK;
    static Path PAYLOAD;

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        ThreadsUnseenLibraries.startServers();
        PAYLOAD = Files.write(ThreadsUnseenLibraries.DATA.resolve("payload.bin"), new byte[4096]);
        DB = ThreadsUnseenLibraries.hikari("service");
        QUARTZ = ThreadsUnseenLibraries.quartz("service");
        QUARTZ.start();
        REACTOR = Schedulers.newSingle("service");
        REACTOR.schedule(() -> { });
        ZK = ThreadsUnseenLibraries.zookeeper();

        CLIENT = new HttpClient();
        CLIENT.setMaxConnectionsPerDestination(POOLED);
        CLIENT.start();
        String url = "http://127.0.0.1:" + ThreadsUnseenLibraries.HTTP.getAddress().getPort() + "/";
        CountDownLatch sent = new CountDownLatch(POOLED);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < POOLED; i++) {
            Thread t = new Thread(() -> {
                try {
                    CLIENT.GET(url);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    sent.countDown();
                }
            });
            t.start();
            senders.add(t);
        }
        sent.await(30, TimeUnit.SECONDS);

        REQUEST_THREADS = Executors.newFixedThreadPool(REQUESTS, r -> new Thread(r, "request"));
        CountDownLatch midRequest = new CountDownLatch(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            REQUEST_THREADS.execute(() -> handle(midRequest));
        }
        midRequest.await(30, TimeUnit.SECONDS);
        ThreadsUnseenLibraries.settleAndDump(args[0]);
    }

    /** One request: a file, a backend socket and a database connection open while it waits for the backend. */
    static void handle(CountDownLatch midRequest) {
        try (InputStream in = new FileInputStream(PAYLOAD.toFile());
             Socket backend = new Socket()) {
            backend.connect(ThreadsUnseenLibraries.HTTP.getAddress());
            try (Connection c = DB.getConnection()) {
                in.read(new byte[16]);
                midRequest.countDown();
                RELEASE.await();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
