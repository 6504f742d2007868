import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small "service" with one of each leak kind heaptriage looks for, which dumps its own heap. It made
 * sample-dumps/leaky-service.hprof.gz (see sample-dumps/README.md). What to observe in the dump:
 * <ul>
 *   <li>unclosed-fd: {@code LeakyService.OPEN_LOGS} holds 120 FileInputStreams of the same log file, never closed,
 *       and {@code LeakyService.SEGMENTS} 30 RandomAccessFiles of distinct segment files.</li>
 *   <li>parked-threads: 12 "order-consumer-N" threads each parked forever on a SynchronousQueue that nothing else
 *       references, and a fixed pool of 4 workers whose ExecutorService was dropped without shutdown().</li>
 *   <li>retained-slice: {@code LeakyService.HEADERS} holds 20 slices of 16 bytes, each pinning a 1 MiB buffer, and
 *       {@code LeakyService.RECENT} a 10-element subList of a 50,000-element list.</li>
 *   <li>finalizer-backlog: {@code Connection.finalize()} blocks on a lock another thread holds forever, so 5,000
 *       dropped Connections wait in the finalizer queue.</li>
 * </ul>
 * Run: {@code java sample-dumps/LeakyService.java /tmp/leaky-service.hprof}
 */
public class LeakyService {
    static final List<FileInputStream> OPEN_LOGS = new ArrayList<>();
    static final List<RandomAccessFile> SEGMENTS = new ArrayList<>();
    static final List<ByteBuffer> HEADERS = new ArrayList<>();
    static List<String> RECENT;
    static final Object POOL_LOCK = new Object();

    /** Its finalizer needs POOL_LOCK, which the "pool-janitor" thread never releases. */
    static final class Connection {
        final byte[] buffer = new byte[256];
        final int id;

        Connection(int id) {
            this.id = id;
        }

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            synchronized (POOL_LOCK) {
                buffer[0] = (byte) id;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        File dir = Files.createTempDirectory("leaky-service").toFile();
        File log = new File(dir, "app.log");
        Files.writeString(log.toPath(), "started\n");
        for (int i = 0; i < 120; i++) {
            OPEN_LOGS.add(new FileInputStream(log));
        }
        for (int i = 0; i < 30; i++) {
            SEGMENTS.add(new RandomAccessFile(new File(dir, "segment-" + i + ".dat"), "rw"));
        }

        for (int i = 0; i < 12; i++) {
            SynchronousQueue<String> orders = new SynchronousQueue<>();
            Thread consumer = new Thread(() -> {
                try {
                    orders.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "order-consumer-" + i);
            consumer.setDaemon(true);
            consumer.start();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            pool.submit(() -> { });
        }
        pool = null;

        for (int i = 0; i < 20; i++) {
            ByteBuffer page = ByteBuffer.allocate(1 << 20);
            HEADERS.add(page.position(64).limit(80).slice());
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            all.add("order-" + i);
        }
        RECENT = all.subList(all.size() - 10, all.size());

        Thread janitor = new Thread(() -> {
            synchronized (POOL_LOCK) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "pool-janitor");
        janitor.setDaemon(true);
        janitor.start();
        while (janitor.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 5_000; i++) {
            new Connection(i);
        }
        System.gc();
        TimeUnit.MILLISECONDS.sleep(500);
        System.gc();
        TimeUnit.MILLISECONDS.sleep(500);

        String out = args.length > 0 ? args[0] : "leaky-service.hprof";
        Files.deleteIfExists(new File(out).toPath());
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(out, true);
        System.out.println("wrote " + out);
        for (RandomAccessFile f : SEGMENTS) {
            f.close();
        }
        for (FileInputStream f : OPEN_LOGS) {
            f.close();
        }
        for (File f : dir.listFiles()) {
            Files.delete(f.toPath());
        }
        Files.delete(dir.toPath());
        System.exit(0); // the leaked pool's workers are not daemons: without this the JVM never ends, like the leak
    }
}
