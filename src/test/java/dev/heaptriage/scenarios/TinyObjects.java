package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/**
 * {@value #COUNT} field-less objects in one array: a dump whose MAT index is larger than the dump itself (each
 * object costs about 33 bytes in the file and more in MAT's indexes), for running out of disk while MAT writes.
 */
public final class TinyObjects {
    public static final int COUNT = 300_000;

    static final class Leaf {
    }

    static Object[] all;

    public static void main(String[] args) throws Exception {
        all = new Object[COUNT];
        for (int i = 0; i < COUNT; i++) {
            all[i] = new Leaf();
        }
        Scenario.dumpLive(args[0]);
    }
}
