package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pre-7u6 substrings, on a JVM that no longer has them: {@link Jdk6String} copies the JDK 6 … 7u5
 * {@code java.lang.String} layout ({@code char[] value, int offset, int count, int hash}) and its sharing
 * {@code substring}. The test points {@code retained-slice} at this class instead of {@code java.lang.String}.
 * What to observe: one finding with {@link #STORES} = 2 {@code char[100000]} (200,024 bytes each) kept only by
 * substrings: three disjoint 10-char substrings of one text (60 bytes visible) and one 20-char substring of another
 * (40 bytes visible). Silent on: a text whose original string is still held next to its substring, a substring copied
 * with {@code new Jdk6String(s)}, and a 10,000-char substring of a 40,000-char text (ratio 4).
 */
public final class SliceLegacyStrings {
    public static final int TEXT_CHARS = 100_000;
    public static final int STORES = 2;
    public static final long VISIBLE_BYTES = 60 + 40;

    /** The JDK 6 String layout, field for field. */
    public static final class Jdk6String {
        final char[] value;
        final int offset;
        final int count;
        int hash;

        Jdk6String(char[] value, int offset, int count) {
            this.value = value;
            this.offset = offset;
            this.count = count;
        }

        /** JDK 6 {@code String(String)}: copies the visible chars only when the array is larger. */
        Jdk6String(Jdk6String original) {
            this(Arrays.copyOfRange(original.value, original.offset, original.offset + original.count), 0,
                    original.count);
        }

        /** JDK 6 {@code substring}: shares {@code value}. */
        Jdk6String substring(int begin, int end) {
            return new Jdk6String(value, offset + begin, end - begin);
        }
    }

    static final List<Jdk6String> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Jdk6String a = text(TEXT_CHARS);
        KEPT.add(a.substring(100, 110));
        KEPT.add(a.substring(200, 210));
        KEPT.add(a.substring(300, 310));
        KEPT.add(text(TEXT_CHARS).substring(5000, 5020));
        a = null;
        // Near-misses in the same heap.
        Jdk6String held = text(TEXT_CHARS);
        KEPT.add(held);
        KEPT.add(held.substring(10, 20));
        KEPT.add(new Jdk6String(text(TEXT_CHARS).substring(10, 20)));
        KEPT.add(text(40_000).substring(0, 10_000));
        Scenario.dump(args[0]);
    }

    private static Jdk6String text(int chars) {
        char[] value = new char[chars];
        Arrays.fill(value, 'x');
        return new Jdk6String(value, 0, chars);
    }
}
