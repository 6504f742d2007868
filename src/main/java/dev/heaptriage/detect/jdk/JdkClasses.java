package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which classes are the JDK's, and their names in a form that is stable from run to run. The one implementation of
 * these facts: detectors, attribution and fingerprints all ask here.
 */
public final class JdkClasses {
    /**
     * Per-run suffixes of lambda and hidden classes, JDK 8 ({@code $$Lambda$12/1234567}) and 9+
     * ({@code $$Lambda/0x0000000801234abc}, {@code $$Lambda+0x00007f6604000c18}, {@code LambdaForm$MH/0x...}).
     */
    private static final Pattern HIDDEN_SUFFIX = Pattern.compile(
            "\\$\\$Lambda(\\$\\d+)?(/(0x)?[0-9a-fA-F]+)?(\\+0x[0-9a-fA-F]+)?|/0x[0-9a-fA-F]+$");

    private JdkClasses() {
    }

    /**
     * True for classes of the JDK itself ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.},
     * {@code com.sun.}, and arrays of primitives), which are rarely the owner a developer should change. An array
     * counts as its element class.
     */
    public static boolean isJdkClass(String className) {
        String n = className.endsWith("[]") ? className.substring(0, className.indexOf('[')) : className;
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.") || !n.contains(".") && n.equals(n.toLowerCase(Locale.ROOT));
    }

    /** Hidden lambda and method-handle classes ({@code Outer$$Lambda$14+0x...}) are glue, not code to blame. */
    public static boolean isLambdaClass(String className) {
        return className.contains("$$Lambda");
    }

    /**
     * A class name without the per-run suffix of lambda and hidden classes ({@code Svc$$Lambda$12/0x0000000801234abc}
     * becomes {@code Svc$$Lambda}), for fingerprints and grouping that must match across dumps.
     */
    public static String stableClassName(String className) {
        return HIDDEN_SUFFIX.matcher(className).replaceAll(m -> m.group().startsWith("$$Lambda")
                ? Matcher.quoteReplacement("$$Lambda") : "");
    }

    /** The class that wrote a lambda: {@code com.acme.Svc$$Lambda...} becomes {@code com.acme.Svc}; else itself. */
    public static String lambdaOwner(String className) {
        int i = className.indexOf("$$Lambda");
        return i < 0 ? className : className.substring(0, i);
    }

    /**
     * The first JDK class in the hierarchy: an application subclass of a JDK queue counts as that queue. A class that
     * only extends {@code Object} (or another JDK base outside {@code java.util}) keeps its own name.
     */
    public static String jdkClassName(HeapClass c) {
        for (HeapClass k = c; k != null; k = k.superclass()) {
            if (isJdkClass(k.name())) {
                return k == c || k.name().startsWith("java.util.") ? k.name() : c.name();
            }
        }
        return c.name();
    }

    /** {@link #jdkClassName} without its package. */
    public static String jdkSimpleName(HeapClass c) {
        return dev.heaptriage.units.Names.simpleName(jdkClassName(c));
    }

    /** The nearest class (from {@code c} up) that declares instance field {@code field}; null if none. */
    public static String declaringClass(HeapClass c, String field) {
        for (HeapClass k = c; k != null; k = k.superclass()) {
            if (k.declaredFieldNames().contains(field)) {
                return k.name();
            }
        }
        return null;
    }
}
