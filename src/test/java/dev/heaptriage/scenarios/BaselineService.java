package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

/**
 * One service dumped twice, as a CI job would over two builds: {@code main(dump, "small")} is the earlier build and
 * {@code main(dump, "large")} the later one. What to observe when the large dump is compared with the small one's
 * JSON report ({@code --baseline}):
 * <ul>
 *   <li>{@link #OPEN_LOGS}: FileInputStreams never closed, {@value #SMALL_LOGS} then {@value #LARGE_LOGS} (2.5×):
 *       one {@code unclosed-fd} finding, persisting and grown.</li>
 *   <li>{@value #CONSUMERS} threads "order-consumer-N" parked on private SynchronousQueues in both: one
 *       {@code parked-threads} finding, persisting, not grown.</li>
 *   <li>{@link #SEGMENTS}: {@value #SEGMENT_FILES} RandomAccessFiles only in the small build (the later one closes
 *       them): resolved.</li>
 *   <li>{@link #HEADERS}: 16-byte slices of 1 MiB buffers only in the large build: a new {@code retained-slice}
 *       finding.</li>
 * </ul>
 * Fingerprints name classes and fields only, so the findings of both sizes (and of JDK 17 and 25) match.
 */
public final class BaselineService {
    public static final int SMALL_LOGS = 60;
    public static final int LARGE_LOGS = 150;
    public static final int CONSUMERS = 12;
    public static final int SEGMENT_FILES = 60;
    public static final int SLICES = 8;

    static final List<FileInputStream> OPEN_LOGS = new ArrayList<>();
    static final List<RandomAccessFile> SEGMENTS = new ArrayList<>();
    static final List<ByteBuffer> HEADERS = new ArrayList<>();

    /**
     * Starts the consumers and waits until they are parked; nothing keeps their Thread objects once it returns
     * (whoever holds a Thread can interrupt it, so such a thread would not be stuck).
     */
    private static void startConsumers() throws InterruptedException {
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
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
            consumers.add(consumer);
        }
        for (Thread t : consumers) {
            Scenario.awaitBlocked(t);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean large = args.length > 1 && args[1].equals("large");
        Path dir = FdTemp.dir("baseline-service");
        Path log = FdTemp.file(dir, "app.log", 16);
        for (int i = 0; i < (large ? LARGE_LOGS : SMALL_LOGS); i++) {
            OPEN_LOGS.add(new FileInputStream(log.toFile()));
        }
        if (!large) {
            for (int i = 0; i < SEGMENT_FILES; i++) {
                SEGMENTS.add(new RandomAccessFile(FdTemp.file(dir, "segment-" + i + ".dat", 0).toFile(), "rw"));
            }
        } else {
            for (int i = 0; i < SLICES; i++) {
                HEADERS.add(ByteBuffer.allocate(1 << 20).slice(64, 16));
            }
        }
        startConsumers();
        Scenario.dumpLive(args[0]);
        for (RandomAccessFile f : SEGMENTS) {
            f.close();
        }
        for (FileInputStream f : OPEN_LOGS) {
            f.close();
        }
    }
}
