package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * JDK 21+ only (run on JDK 25): near-miss of {@link ThreadsVirtualDead}, the same {@value ThreadsVirtualDead#THREADS}
 * virtual threads per shape, but the static {@link #KEPT} holds the queue (a producer can still come), the leases
 * (in use, not leaked) and the tickers (whose flag can be cleared). What to observe: no finding at {@code low} or
 * above.
 */
public final class ThreadsVirtualLive {
    static final List<Object> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ThreadsVirtualDead.build(KEPT);
        Thread.sleep(300);
        Scenario.dumpLive(args[0]);
    }
}
