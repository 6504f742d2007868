package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@code ThreadLocal} set per task in a fixed pool and never removed: each task appends its 24 KB scratch buffer
 * to the thread's {@code TASK_LOG}, so the values of the pool's {@value #THREADS} threads grow with every task.
 * What to observe: leak-suspects names the ThreadLocal {@code SuspectThreadLocalPool.TASK_LOG} of 4 pool threads
 * and the pool {@code SuspectThreadLocalPool.POOL}, {@value #TASKS} elements. The near miss
 * {@link SuspectThreadLocalRemoved} calls {@code remove()} in {@code finally}.
 */
public final class SuspectThreadLocalPool {
    public static final int THREADS = 4;
    public static final int TASKS = 2_000;
    public static final int SCRATCH_BYTES = 24 * 1024;

    static final ThreadLocal<List<byte[]>> TASK_LOG = ThreadLocal.withInitial(ArrayList::new);
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    static void task(boolean remove) {
        try {
            byte[] scratch = new byte[SCRATCH_BYTES];
            scratch[0] = 1;
            TASK_LOG.get().add(scratch);
        } finally {
            if (remove) {
                TASK_LOG.remove();
            }
        }
    }

    static void run(String dump, boolean remove) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            done.add(POOL.submit(() -> task(remove)));
        }
        for (Future<?> f : done) {
            f.get();
        }
        Scenario.dumpLive(dump);
        System.exit(0);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
