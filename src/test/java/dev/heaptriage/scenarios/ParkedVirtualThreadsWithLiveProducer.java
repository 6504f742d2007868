package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Near-miss of {@link ParkedVirtualThreads} (JDK 21+, run on 25): the same {@value ParkedVirtualThreads#THREADS}
 * parked virtual consumers, but the static {@link #QUEUES} still holds every queue, so a producer can feed them.
 * What to observe: no finding at {@code low} or above.
 */
public final class ParkedVirtualThreadsWithLiveProducer {
    static final List<Object> QUEUES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ParkedVirtualThreads.startConsumers(QUEUES);
        Scenario.dumpLive(args[0]);
    }
}
