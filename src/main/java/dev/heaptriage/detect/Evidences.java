package dev.heaptriage.detect;

import dev.heaptriage.units.Names;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.PathStep;
import java.util.List;
import java.util.Map;

/** Turns heap objects into report evidence, and paths into report steps and owner names. */
public final class Evidences {
    /** Examples a detector collects per finding; {@code --max-evidence} shows up to this many. */
    public static final int COLLECT_LIMIT = 25;

    private Evidences() {
    }

    /** Evidence for one object, with its shortest path to a GC root. */
    public static Evidence of(HeapView heap, int objectId, Map<String, Object> attributes) {
        return new Evidence(Evidence.objectId(heap.address(objectId)), heap.classOf(objectId).name(),
                heap.shallowBytes(objectId), heap.retainedBytes(objectId), attributes,
                steps(heap.pathToGcRoot(objectId)));
    }

    public static List<PathStep> steps(List<PathElement> path) {
        return path.stream().map(Evidences::step).toList();
    }

    static PathStep step(PathElement e) {
        String via = e.via();
        if (!e.root().isEmpty()) {
            via = (via.isEmpty() ? "" : via + " ") + "(" + e.root() + ")";
        }
        return new PathStep(e.className(), e.address(), via, Names.simpleName(e.className()));
    }

    private static final java.util.regex.Pattern HIDDEN_SUFFIX = java.util.regex.Pattern.compile(
            "\\$\\$Lambda(\\$\\d+)?(/(0x)?[0-9a-fA-F]+)?(\\+0x[0-9a-fA-F]+)?|/0x[0-9a-fA-F]+$");

    /**
     * A class name without the per-run suffix of lambda and hidden classes ({@code Svc$$Lambda$12/0x0000000801234abc}
     * becomes {@code Svc$$Lambda}), for fingerprints and grouping that must match across dumps.
     */
    public static String stableClassName(String className) {
        return HIDDEN_SUFFIX.matcher(className).replaceAll(m -> m.group().startsWith("$$Lambda")
                ? java.util.regex.Matcher.quoteReplacement("$$Lambda") : "");
    }

    /**
     * Registers, for {@code --redact}, the name of every thread of the heap that {@code text} quotes
     * ({@code thread 'worker-1'}): root and owner descriptions name threads, and thread names are dump contents.
     * Names are matched whole, so one with an apostrophe in it is still found.
     */
    public static void registerThreadNames(HeapView heap, String text, dev.heaptriage.report.Finding.Builder b) {
        if (text == null || text.indexOf('\'') < 0) {
            return;
        }
        for (dev.heaptriage.heap.HeapThread t : heap.threads()) {
            if (!t.name().isEmpty() && text.contains("'" + t.name() + "'")) {
                b.sensitive(t.name());
            }
        }
    }

    /** True for classes of the JDK itself, which are rarely the owner a developer should change. */
    public static boolean isJdkClass(String className) {
        String n = className.endsWith("[]") ? className.substring(0, className.indexOf('[')) : className;
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.") || !n.contains(".") && n.equals(n.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The holder a developer recognises, from a path (object first, root last): the application class field
     * nearest to the object ({@code com.acme.Cache.files (static field)}, {@code com.acme.Pool.items (field)}), else
     * the GC root ({@code local of thread 'main' in Main.run}). Null for an empty path.
     */
    public static String owner(List<PathElement> path) {
        for (int i = 1; i < path.size(); i++) {
            PathElement holder = path.get(i);
            if (!isJdkClass(holder.className()) && holder.via().startsWith(".")) {
                boolean isStatic = holder.via().endsWith("(static)");
                String field = holder.via().replace(" (static)", "");
                return holder.className() + field + (isStatic ? " (static field)" : " (field)");
            }
        }
        if (path.isEmpty()) {
            return null;
        }
        PathElement root = path.get(path.size() - 1);
        if (!root.root().isEmpty()) {
            return root.root();
        }
        return "unreachable (waiting for garbage collection), held by " + root.className();
    }
}
