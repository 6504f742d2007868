package dev.heaptriage.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * The JVM that made the dump, as the dump records it (the report's {@code dump.jvm}, the header of {@code top}):
 * its system properties ({@code java.lang.System.props}), from which its version, vendor, VM and command line come,
 * and what the heap says about its threads and class loaders. Everything but the counts is dump contents:
 * {@link #redacted()} replaces it. HPROF records no uptime and no JVM options besides the {@code -D} properties, so
 * {@code uptimeMillis} is null unless a property records one.
 *
 * @param version          {@code java.runtime.version} (else {@code java.version}); null when the dump has no
 *                         properties
 * @param vendor           {@code java.vendor}
 * @param vmName           {@code java.vm.name}
 * @param command          {@code sun.java.command}: the main class or jar and its arguments
 * @param uptimeMillis     null: a heap dump does not record it
 * @param systemProperties every system property, by name
 * @param threadsByState   threads of the dump by state ({@code RUNNABLE}, {@code WAITING}, ...)
 * @param classLoaders     class loaders that defined a class, the bootstrap loader included
 */
public record JvmOverview(String version, String vendor, String vmName, String command, Long uptimeMillis,
                          Map<String, String> systemProperties, Map<String, Integer> threadsByState,
                          int classLoaders) {
    public JvmOverview {
        systemProperties = systemProperties == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new TreeMap<>(systemProperties));
        threadsByState = threadsByState == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new TreeMap<>(threadsByState));
    }

    /**
     * Names the JDK itself gives its system properties ({@code java.version}, {@code user.dir}, {@code os.name},
     * {@code file.encoding}, ...): code, not data, so they stay readable under {@code --redact}; a name an application
     * chose is redacted like any dump string.
     */
    private static final java.util.regex.Pattern JDK_PROPERTY = java.util.regex.Pattern.compile(
            "(java|jdk|sun|os|user|file|line|path|native|stdout|stderr|stdin)\\.[A-Za-z.]+");

    /** Whether {@code name} is a system property name the JDK defines (see {@link #redacted()}). */
    public static boolean isJdkPropertyName(String name) {
        return name != null && JDK_PROPERTY.matcher(name).matches();
    }

    /**
     * Every string from the dump replaced by {@code <redacted:N chars>}: the version, vendor, VM name, command and
     * every property value; property names stay only where the JDK defines them ({@link #isJdkPropertyName}).
     */
    public JvmOverview redacted() {
        Map<String, String> props = new TreeMap<>();
        systemProperties.forEach((k, v) -> {
            String key = isJdkPropertyName(k) ? k : Report.redact(k);
            for (int n = 2; props.containsKey(key); n++) {
                key = Report.redact(k) + " #" + n;
            }
            props.put(key, Report.redact(v));
        });
        return new JvmOverview(Report.redact(version), Report.redact(vendor), Report.redact(vmName),
                Report.redact(command), uptimeMillis, props, threadsByState, classLoaders);
    }
}
