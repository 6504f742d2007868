package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.libs.NettyEventLoops;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.scenarios.ThreadsLeakedLibraries;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The owner searches of {@link Owners} that look past given threads, on a real dump of
 * {@link ThreadsLeakedLibraries}: a leaked event-loop group is held by its own thread and by an application object
 * that only that thread reaches; a leaked wheel timer is held by nothing of the application but carries its task.
 */
class OwnersTest extends OpenHeap {
    private static final String LEAKED = ThreadsLeakedLibraries.class.getName();

    @Override
    protected Class<?> scenario() {
        return ThreadsLeakedLibraries.class;
    }

    @Override
    protected Path javaHome() {
        return Jdks.current();
    }

    @Test
    void ofExceptLooksPastTheExcludedThreads() {
        Owners owners = new Owners(heap, AppCode.infer(heap));
        BitSet threads = new BitSet();
        heap.threads().forEach(t -> threads.set(t.objectId()));
        int checked = 0;
        for (HeapObject loop : NettyEventLoops.executorsByThread(heap).values()) {
            HeapObject group = NettyEventLoops.group(loop);
            Owner held = owners.ofExcept(group.id(), threads);
            if (held.kind() == Owner.Kind.STATIC_FIELD) {
                assertEquals(LEAKED + ".SERVER_GROUP (static field)", held.label().shown());
                continue;
            }
            assertEquals(Owner.Kind.FIELD, held.kind(), held.label().shown());
            assertEquals(LEAKED + "$PerRequestClient.group (field)", held.label().shown());
            assertTrue(owners.of(group.id()).isThread() || owners.of(group.id()).application(),
                    "without exclusions the thread (or the client through it) is the nearest holder");
            checked++;
        }
        assertEquals(ThreadsLeakedLibraries.NETTY_CLIENTS, checked);
    }

    @Test
    void nearestApplicationBelowFindsTheTaskAWheelTimerCarries() {
        Owners owners = new Owners(heap, AppCode.infer(heap));
        BitSet threads = new BitSet();
        heap.threads().forEach(t -> threads.set(t.objectId()));
        Map<Integer, HeapObject> timers = NettyEventLoops.wheelTimersByThread(heap);
        for (HeapObject timer : timers.values()) {
            int below = owners.nearestApplicationBelow(timer.id(), threads, 5_000);
            assertTrue(below >= 0, "an application object below the timer");
            assertEquals(LEAKED + "$Expiry", heap.classOf(below).name());
            assertTrue(!owners.ofExcept(timer.id(), threads).application(), "nothing of the application holds it");
        }
    }
}
