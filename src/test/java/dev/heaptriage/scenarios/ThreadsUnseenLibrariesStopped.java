package dev.heaptriage.scenarios;

import static dev.heaptriage.scenarios.ThreadsUnseenLibraries.KEPT;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import org.apache.zookeeper.ZooKeeper;
import org.eclipse.jetty.client.HttpClient;
import org.quartz.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Near-miss of {@link ThreadsUnseenLibraries}: the same work done right. Every per-tenant owner is stopped with its own
 * call ({@code close()}, {@code shutdown()}, {@code dispose()}, {@code stop()}), and one of each is still in use, held
 * by {@link ThreadsUnseenLibraries#KEPT}. What to observe: no finding at {@code low} or above.
 */
public final class ThreadsUnseenLibrariesStopped {
    public static void main(String[] args) throws Exception {
        try {
            work(args);
        } catch (Throwable e) {
            e.printStackTrace(); // ZooKeeper's uncaught-exception handler logs to SLF4J, which has no provider here
            System.exit(1);
        }
    }

    static void work(String[] args) throws Exception {
        ThreadsUnseenLibraries.startServers();
        for (int i = 0; i < ThreadsUnseenLibraries.HIKARI_POOLS; i++) {
            HikariDataSource ds = ThreadsUnseenLibraries.hikari("closed" + i);
            ds.getConnection().close();
            ds.close();
        }
        HikariDataSource shared = ThreadsUnseenLibraries.hikari("shared");
        shared.getConnection().close();
        KEPT.add(shared);
        for (int i = 0; i < ThreadsUnseenLibraries.QUARTZ_SCHEDULERS; i++) {
            Scheduler s = ThreadsUnseenLibraries.quartz("closed" + i);
            s.start();
            s.shutdown(true);
        }
        Scheduler quartz = ThreadsUnseenLibraries.quartz("shared");
        quartz.start();
        KEPT.add(quartz);
        for (int i = 0; i < ThreadsUnseenLibraries.REACTOR_SCHEDULERS; i++) {
            var s = Schedulers.newSingle("closed-" + i);
            s.schedule(() -> { });
            s.dispose();
        }
        var single = Schedulers.newSingle("shared");
        single.schedule(() -> { });
        KEPT.add(single);
        for (int i = 0; i < ThreadsUnseenLibraries.JETTY_CLIENTS; i++) {
            ThreadsUnseenLibraries.jetty().stop();
        }
        HttpClient jetty = ThreadsUnseenLibraries.jetty();
        KEPT.add(jetty);
        for (int i = 0; i < ThreadsUnseenLibraries.ZOOKEEPER_CLIENTS; i++) {
            ThreadsUnseenLibraries.zookeeper().close();
        }
        ZooKeeper zk = ThreadsUnseenLibraries.zookeeper();
        KEPT.add(zk);
        for (int i = 0; i < ThreadsUnseenLibraries.H2_DATABASES; i++) {
            ThreadsUnseenLibraries.h2("closed" + i).close();
        }
        Connection db = ThreadsUnseenLibraries.h2("shared");
        KEPT.add(db);
        ThreadsUnseenLibraries.settleAndDump(args[0]);
    }
}
