package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * {@value #CUSTOMERS} customers, each with its own copy of one of two country names read from "input"
 * ({@code new String(...)}), in {@code CUSTOMERS}. What to observe: duplicate-strings reports about
 * {@value #CUSTOMERS} copies, the two values, and {@code WasteDuplicateStrings$Customer.country} as the field that holds
 * them. With the argument {@code interned} the same program interns each name (the near miss): one copy of each, no
 * finding.
 */
public final class WasteDuplicateStrings {
    public static final int CUSTOMERS = 40_000;
    public static final String COUNTRY_A = "United Kingdom of Great Britain and Northern Ireland";
    public static final String COUNTRY_B = "Bolivarian Republic of Venezuela (República)";
    static final List<Customer> CUSTOMERS_LIST = new ArrayList<>();

    /** A customer record as a parser makes it. */
    static final class Customer {
        final int id;
        final String country;

        Customer(int id, String country) {
            this.id = id;
            this.country = country;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean interned = args.length > 1 && args[1].equals("interned");
        for (int i = 0; i < CUSTOMERS; i++) {
            String read = new String((i % 4 == 0 ? COUNTRY_B : COUNTRY_A).toCharArray()); // a fresh copy, as I/O makes
            CUSTOMERS_LIST.add(new Customer(i, interned ? read.intern() : read));
        }
        Scenario.dumpLive(args[0]);
    }
}
