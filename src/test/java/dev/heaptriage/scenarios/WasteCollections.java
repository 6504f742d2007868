package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * {@value #ORDERS} orders whose {@code tags} list once held a tag and is now empty (10 slots each), and
 * {@value #TIMESTAMPS} timestamps as boxed {@code Long}s in {@code TIMES}. What to observe: collection-waste reports
 * {@code empty} under {@code WasteCollections$Order.tags} and {@code boxed} under {@code WasteCollections.TIMES}. With
 * the argument {@code right-sized} (the near miss) each order's list is made for its two tags and the timestamps are
 * a {@code long[]}: silent.
 */
public final class WasteCollections {
    public static final int ORDERS = 30_000;
    public static final int TIMESTAMPS = 100_000;
    static final List<Order> ORDER_LIST = new ArrayList<>();
    static List<Long> times;
    static long[] timesRight;

    /** An order with its tags. */
    static final class Order {
        final List<String> tags;

        Order(List<String> tags) {
            this.tags = tags;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean right = args.length > 1 && args[1].equals("right-sized");
        for (int i = 0; i < ORDERS; i++) {
            List<String> tags;
            if (right) {
                tags = new ArrayList<>(2);
                tags.add("new");
                tags.add("paid");
            } else {
                tags = new ArrayList<>();
                tags.add("new");
                tags.remove(0);
            }
            ORDER_LIST.add(new Order(tags));
        }
        if (right) {
            timesRight = new long[TIMESTAMPS];
            for (int i = 0; i < TIMESTAMPS; i++) {
                timesRight[i] = 1_700_000_000_000L + i * 1_000L;
            }
        } else {
            times = new ArrayList<>(TIMESTAMPS);
            for (int i = 0; i < TIMESTAMPS; i++) {
                times.add(1_700_000_000_000L + i * 1_000L);
            }
        }
        Scenario.dumpLive(args[0]);
    }
}
