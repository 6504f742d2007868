package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.JvmOverview;
import dev.heaptriage.text.DumpString;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JVM that made a dump, read from the heap: the system properties in {@code java.lang.System.props} (a
 * {@code Properties} that keeps its entries in a {@code ConcurrentHashMap} {@code map} since JDK 9, and is itself
 * a {@code Hashtable} before), the threads by state and the class loaders that defined classes.
 */
public final class JvmProperties {
    /** Properties read at most: a JVM has about a hundred; an application may put many more. */
    static final int MAX_PROPERTIES = 2_000;

    private JvmProperties() {
    }

    /** The system properties by name; empty when the dump has no {@code System.props} (a damaged or odd dump). */
    public static Map<String, String> systemProperties(HeapView heap) {
        Map<String, String> out = new TreeMap<>();
        for (HeapClass system : heap.classes("java.lang.System")) {
            HeapObject props = system.staticRef("props");
            if (props == null) {
                continue;
            }
            HeapObject table = props.hasField("map") ? props.ref("map") : props;
            for (Collections.Entry e : Collections.mapEntries(heap, table)) {
                if (out.size() >= MAX_PROPERTIES) {
                    break;
                }
                String k = e.key() == null ? null : DumpString.contentsOf(heap.string(e.key().id()));
                String v = e.value() == null ? null : DumpString.contentsOf(heap.string(e.value().id()));
                if (k != null && v != null) {
                    out.put(k, v);
                }
            }
        }
        return out;
    }

    /** The overview of the JVM (see {@link JvmOverview}). */
    public static JvmOverview overview(HeapView heap) {
        Map<String, String> props = systemProperties(heap);
        Map<String, Integer> states = new TreeMap<>();
        for (HeapThread t : heap.threads()) {
            states.merge(t.state().name(), 1, Integer::sum);
        }
        Set<Integer> loaders = new HashSet<>();
        for (HeapClass c : heap.allClasses()) {
            loaders.add(c.classLoaderId());
        }
        String version = first(props, List.of("java.runtime.version", "java.vm.version", "java.version"));
        return new JvmOverview(version, props.get("java.vendor"), props.get("java.vm.name"),
                props.get("sun.java.command"), null, props, states, loaders.size());
    }

    private static String first(Map<String, String> props, List<String> names) {
        for (String n : names) {
            if (props.get(n) != null) {
                return props.get(n);
            }
        }
        return null;
    }
}
