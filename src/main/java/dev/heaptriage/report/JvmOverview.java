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

    /** A version as JDKs write it ({@code 17.0.9+9}); anything else is redacted like other dump strings. */
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("[0-9][0-9A-Za-z.+_-]{0,40}");

    /** Every string from the dump replaced by {@code <redacted:N chars>} (property names stay: they are code). */
    public JvmOverview redacted() {
        Map<String, String> props = new TreeMap<>();
        systemProperties.forEach((k, v) -> props.put(k, Report.redact(v)));
        return new JvmOverview(version != null && VERSION.matcher(version).matches() ? version
                : Report.redact(version), Report.redact(vendor), Report.redact(vmName), Report.redact(command),
                uptimeMillis, props, threadsByState, classLoaders);
    }
}
