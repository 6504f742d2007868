package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Unclosed file streams, each kind with its own owner. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #OPEN_INPUTS}: {@value #INPUTS} FileInputStreams on {@value #INPUTS} distinct files, never closed:
 *       one finding, count {@value #INPUTS}, owner {@code FdFileStreams.OPEN_INPUTS (static field)}, medium.</li>
 *   <li>Thread "batch-writer" keeps {@value #OUTPUTS} FileOutputStreams in a local list of {@link Batch#run} while it
 *       waits (the "close at the end of a long function" pattern): one finding, count {@value #OUTPUTS}, owner the
 *       thread's frame, low.</li>
 *   <li>{@link #READERS}: {@value #TAIL_READERS} application objects, each with its own FileInputStream in field
 *       {@code in}: one finding (grouped by class and field, not by object), count {@value #TAIL_READERS}, owner
 *       {@code FdFileStreams$TailReader.in (field)}, low.</li>
 *   <li>{@value #WORKERS} threads "tail-worker-N" each keep {@value #PER_WORKER} FileOutputStreams in a local of
 *       {@link Worker#run}: one finding, count {@value #WORKER_STREAMS}, owner "locals of 3 threads in
 *       FdFileStreams$Worker.run", low.</li>
 *   <li>{@link #LOG}: one FileOutputStream on {@code app.log} that the application keeps open on purpose: info only.</li>
 *   <li>{@value #CLOSED} FileInputStreams opened and closed, still referenced from {@link #CLOSED_INPUTS}: nothing.</li>
 * </ul>
 */
public final class FdFileStreams {
    public static final int INPUTS = 60;
    public static final int OUTPUTS = 15;
    public static final int CLOSED = 10;
    public static final int TAIL_READERS = 12;
    public static final int WORKERS = 3;
    public static final int PER_WORKER = 4;
    public static final int WORKER_STREAMS = WORKERS * PER_WORKER;

    static final List<FileInputStream> OPEN_INPUTS = new ArrayList<>();
    static final List<FileInputStream> CLOSED_INPUTS = new ArrayList<>();
    static LogSink LOG;
    static TailReader[] READERS;
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** An application object holding its log file open for its whole life. */
    static final class LogSink {
        final FileOutputStream out;

        LogSink(Path file) throws IOException {
            this.out = new FileOutputStream(file.toFile(), true);
        }
    }

    /** An application object that owns one open file. */
    static final class TailReader {
        final FileInputStream in;

        TailReader(Path file) throws IOException {
            this.in = new FileInputStream(file.toFile());
        }
    }

    /** One of several pool threads that each keep a few outputs in a local array while they wait. */
    static final class Worker implements Runnable {
        private final Path dir;
        private final int index;
        final CountDownLatch ready = new CountDownLatch(1);

        Worker(Path dir, int index) {
            this.dir = dir;
            this.index = index;
        }

        @Override
        public void run() {
            FileOutputStream[] open = new FileOutputStream[PER_WORKER];
            try {
                for (int i = 0; i < PER_WORKER; i++) {
                    open[i] = new FileOutputStream(FdTemp.file(dir, "worker-" + index + "-" + i + ".dat", 0).toFile());
                }
                ready.countDown();
                NEVER.await();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            System.out.println(open.length);
        }
    }

    /** Opens outputs into a local list and only "closes them at the end", which never comes. */
    static final class Batch implements Runnable {
        private final Path dir;
        final CountDownLatch ready = new CountDownLatch(1);

        Batch(Path dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            List<FileOutputStream> pending = new ArrayList<>();
            try {
                for (int i = 0; i < OUTPUTS; i++) {
                    pending.add(new FileOutputStream(FdTemp.file(dir, "out-" + i + ".dat", 0).toFile()));
                }
                ready.countDown();
                NEVER.await();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            System.out.println(pending.size());
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-file-streams");
        for (int i = 0; i < INPUTS; i++) {
            OPEN_INPUTS.add(new FileInputStream(FdTemp.file(dir, "in-" + i + ".dat", 16).toFile()));
        }
        for (int i = 0; i < CLOSED; i++) {
            FileInputStream in = new FileInputStream(FdTemp.file(dir, "closed-" + i + ".dat", 16).toFile());
            in.read();
            in.close();
            CLOSED_INPUTS.add(in);
        }
        LOG = new LogSink(FdTemp.file(dir, "app.log", 0));
        READERS = new TailReader[TAIL_READERS];
        for (int i = 0; i < TAIL_READERS; i++) {
            READERS[i] = new TailReader(FdTemp.file(dir, "tail-" + i + ".log", 16));
        }
        for (int i = 0; i < WORKERS; i++) {
            Worker worker = new Worker(dir, i);
            Thread t = new Thread(worker, "tail-worker-" + i);
            t.setDaemon(true);
            t.start();
            worker.ready.await();
            Scenario.awaitBlocked(t);
        }
        Batch batch = new Batch(dir);
        Thread writer = new Thread(batch, "batch-writer");
        writer.setDaemon(true);
        writer.start();
        batch.ready.await();
        Scenario.awaitBlocked(writer);
        Scenario.dump(args[0]);
    }
}
