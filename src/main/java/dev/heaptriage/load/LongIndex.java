package dev.heaptriage.load;

import java.util.Arrays;

/**
 * Numbers distinct long keys (HPROF identifiers) 0, 1, 2, ... in the order they are first added, without boxing:
 * the validating pass keeps facts per class in arrays indexed by these numbers.
 */
final class LongIndex {
    private long[] keys;
    /** The key's number + 1; 0 marks an empty slot. */
    private int[] slots;
    private long[] byNumber;
    private int size;

    LongIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[capacity];
        slots = new int[capacity];
        byNumber = new long[Math.max(16, expected)];
    }

    /** The number of {@code key}, or -1 when it was never added. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return -1;
            }
            if (keys[i] == key) {
                return slots[i] - 1;
            }
        }
    }

    /** The number of {@code key}, adding it when new. */
    int add(long key) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                keys[i] = key;
                slots[i] = size + 1;
                if (size == byNumber.length) {
                    byNumber = Arrays.copyOf(byNumber, size * 2);
                }
                byNumber[size] = key;
                return size++;
            }
            if (keys[i] == key) {
                return slots[i] - 1;
            }
        }
    }

    /** The key numbered {@code number}. */
    long key(int number) {
        return byNumber[number];
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldSlots[j] != 0) {
                int i = mix(oldKeys[j]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                slots[i] = oldSlots[j];
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
