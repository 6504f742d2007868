package dev.heaptriage.units;

import java.util.Locale;

/**
 * The one formatter of sizes, counts, plurals, shares and durations that every layer uses (load's error messages,
 * detectors' prose, the renderers' tables, the command line's own output), so a finding's summary and its table
 * never disagree.
 *
 * <p>Everything is formatted with {@link Locale#ROOT}: the thousands separator is always {@code ,} and the decimal
 * point always {@code .}, whatever the machine's locale.
 */
public final class Units {
    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /**
     * A byte size in binary units: {@code 0 B}, {@code 1023 B}, {@code 128 KiB}, {@code 1.9 GiB}. Bytes and KiB are
     * whole numbers, larger units have one decimal. A value that would round to 1024 of a unit is shown in the next
     * unit ({@code 1.0 MiB}, never {@code 1024 KiB}).
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            // Negative sizes never come from a sane detector; print them raw rather than hide the bug.
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (true) {
            String number = unit == 0 ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.1f", value);
            if (unit == BINARY_UNITS.length - 1 || Double.parseDouble(number) < 1024) {
                return number + " " + BINARY_UNITS[unit];
            }
            value /= 1024;
            unit++;
        }
    }

    /** A count with {@code ,} between thousands: {@code 39,610,386}. */
    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /**
     * {@code noun} as English writes it after {@code count}: unchanged for one, else with {@code -es} after
     * {@code s}, {@code x}, {@code ch} and {@code sh} ({@code CountDownLatches}, {@code addresses}) and {@code -s}
     * otherwise ({@code threads}).
     */
    public static String noun(long count, String noun) {
        if (count == 1 || noun.isEmpty()) {
            return noun;
        }
        String lower = noun.toLowerCase(Locale.ROOT);
        return lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")
                ? noun + "es" : noun + "s";
    }

    /** {@code count} followed by {@code noun} or its plural: {@code 1 finding}, {@code 1,024 objects}. */
    public static String plural(long count, String noun) {
        return count(count) + " " + noun(count, noun);
    }

    /** Milliseconds as seconds with one decimal: {@code 64.1 s}. */
    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * {@code part} as a share of {@code whole}: whole percent from 10% ({@code 42%}), one decimal below
     * ({@code 3.5%}); {@code an unknown share} when {@code whole} is not positive.
     */
    public static String percent(long part, long whole) {
        if (whole <= 0) {
            return "an unknown share";
        }
        double p = 100.0 * part / whole;
        return String.format(Locale.ROOT, p >= 10 ? "%.0f%%" : "%.1f%%", p);
    }
}
