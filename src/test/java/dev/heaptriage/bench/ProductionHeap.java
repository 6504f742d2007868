package dev.heaptriage.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.File;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;

/**
 * Generates a production-like heap for the benchmark and dumps it: sessions in maps of strings, order lists with
 * boxed numbers, byte and char arrays, a cache of byte pages, plus the four leak kinds (unclosed streams in a
 * static list, consumers parked on private queues and a dropped pool, small buffer slices pinning big pages, a
 * finalizer queue behind a blocked finalize()). Usage: {@code ProductionHeap <heap MiB to fill> <out.hprof>}.
 * The dump is about 1.4× the filled heap (HPROF writes 8-byte ids).
 */
public final class ProductionHeap {
    static final List<Object> SESSIONS = new ArrayList<>();
    static final List<FileInputStream> OPEN = new ArrayList<>();
    static final List<ByteBuffer> SLICES = new ArrayList<>();
    static final Object LOCK = new Object();

    record Order(long id, String sku, Integer quantity, double price, char[] note) {
    }

    static final class Pooled {
        final byte[] payload = new byte[64];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            synchronized (LOCK) {
                payload[0] = 1;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long targetBytes = Long.parseLong(args[0]) << 20;
        String out = args[1];
        Runtime rt = Runtime.getRuntime();
        File dir = Files.createTempDirectory("bench-fds").toFile();
        File log = new File(dir, "app.log");
        Files.writeString(log.toPath(), "x");
        for (int i = 0; i < 600; i++) {
            OPEN.add(new FileInputStream(log));
        }
        for (int i = 0; i < 40; i++) {
            SynchronousQueue<Object> q = new SynchronousQueue<>();
            Thread t = new Thread(() -> {
                try {
                    q.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer-" + i);
            t.setDaemon(true);
            t.start();
        }
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < 8; i++) {
            pool.submit(() -> { });
        }
        pool = null;
        for (int i = 0; i < 64; i++) {
            SLICES.add(ByteBuffer.allocate(256 << 10).position(8).limit(40).slice());
        }
        Thread holder = new Thread(() -> {
            synchronized (LOCK) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "lock-holder");
        holder.setDaemon(true);
        holder.start();
        while (holder.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 20_000; i++) {
            new Pooled();
        }
        System.gc();
        Thread.sleep(300);

        long n = 0;
        while (rt.totalMemory() - rt.freeMemory() < targetBytes) {
            Map<String, Object> session = new HashMap<>();
            session.put("user", "user-" + n);
            session.put("token", Long.toHexString(n * 0x9E3779B97F4A7C15L));
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                orders.add(new Order(n * 20 + i, "sku-" + (i * 7919 % 1000), i, i * 1.5,
                        i % 5 == 0 ? ("note " + n).toCharArray() : null));
            }
            session.put("orders", orders);
            session.put("avatar", new byte[(int) (n % 13) * 64]);
            SESSIONS.add(session);
            n++;
            if (n % 50_000 == 0) {
                System.gc();
            }
        }
        System.gc();
        Files.deleteIfExists(new File(out).toPath());
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(out, true);
        System.out.println("sessions " + n + " heap " + ((rt.totalMemory() - rt.freeMemory()) >> 20) + " MiB dump "
                + (new File(out).length() >> 20) + " MiB");
        System.exit(0);
    }
}
