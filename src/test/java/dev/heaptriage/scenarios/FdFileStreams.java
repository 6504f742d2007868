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
 *   <li>{@link #LOG}: one FileOutputStream on {@code app.log} that the application keeps open on purpose: info only.</li>
 *   <li>{@value #CLOSED} FileInputStreams opened and closed, still referenced from {@link #CLOSED_INPUTS}: nothing.</li>
 * </ul>
 */
public final class FdFileStreams {
    public static final int INPUTS = 60;
    public static final int OUTPUTS = 15;
    public static final int CLOSED = 10;

    static final List<FileInputStream> OPEN_INPUTS = new ArrayList<>();
    static final List<FileInputStream> CLOSED_INPUTS = new ArrayList<>();
    static LogSink LOG;
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** An application object holding its log file open for its whole life. */
    static final class LogSink {
        final FileOutputStream out;

        LogSink(Path file) throws IOException {
            this.out = new FileOutputStream(file.toFile(), true);
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
        Batch batch = new Batch(dir);
        Thread writer = new Thread(batch, "batch-writer");
        writer.setDaemon(true);
        writer.start();
        batch.ready.await();
        Scenario.awaitBlocked(writer);
        Scenario.dump(args[0]);
    }
}
