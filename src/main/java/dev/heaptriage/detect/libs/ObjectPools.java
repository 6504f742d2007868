package dev.heaptriage.detect.libs;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.text.DumpString;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache Commons Pool 2 ({@code GenericObjectPool}, the pool under DBCP2, Jedis and many clients): how many objects
 * it may lend ({@code maxTotal}), which are lent out now (the {@code PooledObject}s of {@code allObjects} in state
 * {@code ALLOCATED}) and the deque borrowers wait on ({@code idleObjects}, whose lock and condition are their park
 * blockers).
 */
public final class ObjectPools {
    public static final String GENERIC_POOL = "org.apache.commons.pool2.impl.GenericObjectPool";

    private ObjectPools() {
    }

    /**
     * One pool's leases.
     *
     * @param pool           the pool object
     * @param maxTotal       how many objects it may lend at once (negative: no limit)
     * @param leased         the lent objects (what a borrower holds)
     * @param bookkeeping    the pool's own objects that hold a lent object (its {@code PooledObject} wrapper and the
     *                       identity key of {@code allObjects}): holders that do not count as a borrower
     * @param waitStructures the deque borrowers wait on, its lock, the lock's sync and its conditions
     * @param closed         {@code close()} was called
     */
    public record Leases(HeapObject pool, int maxTotal, List<HeapObject> leased, List<Integer> bookkeeping,
                         List<Integer> waitStructures, boolean closed) {
    }

    /** Every Commons Pool 2 {@code GenericObjectPool} of the dump. */
    public static List<Leases> pools(HeapView heap) {
        List<Leases> out = new ArrayList<>();
        for (HeapClass c : heap.classesAssignableTo(GENERIC_POOL)) {
            for (int id : c.instanceIds()) {
                HeapObject pool = heap.object(id);
                HeapObject all = pool.ref(GENERIC_POOL, "allObjects");
                if (all == null) {
                    continue;
                }
                List<HeapObject> leased = new ArrayList<>();
                List<Integer> bookkeeping = new ArrayList<>();
                for (Collections.Entry e : Collections.mapEntries(heap, all)) {
                    HeapObject wrapper = e.value();
                    HeapObject state = wrapper == null ? null : wrapper.ref("state");
                    HeapObject object = wrapper == null ? null : wrapper.ref("object");
                    if (object == null || state == null || !DumpString.of("ALLOCATED").equals(state.stringValue("name"))) {
                        continue;
                    }
                    leased.add(object);
                    bookkeeping.add(wrapper.id());
                    if (e.key() != null) {
                        bookkeeping.add(e.key().id());
                    }
                }
                List<Integer> wait = new ArrayList<>();
                HeapObject idle = pool.ref(GENERIC_POOL, "idleObjects");
                if (idle != null) {
                    wait.add(idle.id());
                    for (String f : List.of("lock", "notEmpty")) {
                        HeapObject o = idle.ref(f);
                        if (o != null) {
                            wait.add(o.id());
                            HeapObject sync = o.ref("sync");
                            if (sync != null) {
                                wait.add(sync.id());
                            }
                        }
                    }
                }
                out.add(new Leases(pool, pool.intValue("maxTotal", -1), leased, bookkeeping, wait,
                        pool.boolValue("closed", false)));
            }
        }
        return out;
    }
}
