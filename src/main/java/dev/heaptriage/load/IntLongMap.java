package dev.heaptriage.load;

import java.util.Arrays;

/** A small open-addressing map from non-negative int keys (object or class ids) to longs, without boxing. */
final class IntLongMap {
    private int[] keys;
    private long[] values;
    private int size;

    IntLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new int[capacity];
        values = new long[capacity];
        Arrays.fill(keys, -1);
    }

    /** The value for {@code key}, or {@code missing}. */
    long get(int key, long missing) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == -1) {
                return missing;
            }
        }
    }

    void put(int key, long value) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == -1) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
