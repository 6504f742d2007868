package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * One program dumped at two moments: {@value #EARLY} orders in {@code ORDERS} at the first dump (the given path), then
 * {@value #LATE} at the second ({@code <path>-later.hprof}). What to observe: {@code diff} puts
 * {@code ExploreGrowingOrders$Order} (and its {@code long[]} lines) first, {@value #EARLY} → {@value #LATE} instances.
 */
public final class ExploreGrowingOrders {
    public static final int EARLY = 2_000;
    public static final int LATE = 10_000;
    static final List<Order> ORDERS = new ArrayList<>();

    /** An order with its line amounts. */
    static final class Order {
        final long id;
        final long[] lines;

        Order(long id) {
            this.id = id;
            this.lines = new long[16];
        }
    }

    public static void main(String[] args) throws Exception {
        while (ORDERS.size() < EARLY) {
            ORDERS.add(new Order(ORDERS.size()));
        }
        Scenario.dumpLive(args[0]);
        while (ORDERS.size() < LATE) {
            ORDERS.add(new Order(ORDERS.size()));
        }
        Scenario.dumpLive(later(args[0]));
    }

    /** Where the second dump goes. */
    public static String later(String dump) {
        return dump.replaceAll("\\.hprof$", "") + "-later.hprof";
    }
}
