package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;

/**
 * Dump strings written to attack a terminal or a report, in places every detector quotes. What to observe:
 * <ul>
 *   <li>The Finalizer thread is blocked on a monitor held by the thread {@link #HOLDER}, whose name sets the
 *       terminal title (ESC ] ... BEL) and forges a report line after a newline; finalizer-backlog quotes it
 *       ("probably held by thread '...'").</li>
 *   <li>{@value #CONSUMERS} threads named {@link #CONSUMER}N park on private queues (parked-threads).</li>
 *   <li>{@value #STREAMS} open {@code FileInputStream}s of a file whose name holds ESC, a carriage return and a
 *       newline (unclosed-fd quotes the path).</li>
 * </ul>
 */
public final class HostileStrings {
    public static final String HOLDER = "janitor\u001b]0;owned\u0007\nHIGH   unclosed-fd  forged finding";
    public static final String CONSUMER = "evil\u001b[2J\r\u202e-consumer-";
    public static final String FILE_NAME = "secret\u001b[31m\rred\nline.log";
    public static final int CONSUMERS = 10;
    public static final int STREAMS = 12;
    public static final int QUEUED = 500;

    static final Object MONITOR = new Object();
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static final List<FileInputStream> OPEN = new ArrayList<>();

    static final class Connection {
        final byte[] buffer = new byte[128];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            synchronized (MONITOR) {
                buffer[0]++;
            }
        }
    }

    static void holdForever(CountDownLatch entered) {
        synchronized (MONITOR) {
            entered.countDown();
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hostile");
        Path file = Files.writeString(dir.resolve(FILE_NAME), "x");
        for (int i = 0; i < STREAMS; i++) {
            OPEN.add(new FileInputStream(file.toFile()));
        }
        startConsumers();
        CountDownLatch entered = new CountDownLatch(1);
        Thread holder = new Thread(() -> holdForever(entered), HOLDER);
        holder.setDaemon(true);
        holder.start();
        entered.await();
        new Connection();
        System.gc();
        FinalizerScenarios.awaitInside(FinalizerScenarios.finalizerThread(), Connection.class, "finalize");
        for (int i = 0; i < QUEUED; i++) {
            new Connection();
        }
        System.gc();
        FinalizerScenarios.awaitFinalizationQueue(QUEUED);
        Scenario.dump(args[0]);
    }

    static void startConsumers() throws InterruptedException {
        for (int i = 0; i < CONSUMERS; i++) {
            SynchronousQueue<byte[]> q = new SynchronousQueue<>();
            Thread t = new Thread(() -> {
                try {
                    q.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, CONSUMER + i);
            t.setDaemon(true);
            t.start();
            Scenario.awaitBlocked(t);
        }
    }
}
