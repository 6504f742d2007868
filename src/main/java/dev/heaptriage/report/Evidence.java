package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.heaptriage.text.DumpString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One example object behind a finding: what it is, how big, its facts ({@code attributes}: path, fd, peer ...)
 * and the shortest path that keeps it alive. {@code pathToGcRoot} holds it object first, GC root last (the model's
 * order and the JSON field of the first schema version); every format shows it root first, as
 * {@link #pathFromGcRoot()} gives it: the JSON report has both fields, {@code pathFromGcRoot} the one to read,
 * {@code pathToGcRoot} kept unchanged for the readers of schema version 1 (fields are only added within a version).
 *
 * <p>Attribute values are numbers, booleans, strings (the tool's words and code names), {@link DumpString}s (dump
 * contents: a path, a peer, a thread's name) and lists of these; the JSON report shows dump strings as strings.
 */
@JsonPropertyOrder({"objectId", "className", "shallowBytes", "retainedBytes", "attributes", "pathFromGcRoot",
        "pathToGcRoot"})
public record Evidence(String objectId, String className, long shallowBytes, long retainedBytes,
                       Map<String, Object> attributes, List<PathStep> pathToGcRoot) {

    public Evidence {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        attributes.values().forEach(Evidence::checkWords);
        pathToGcRoot = pathToGcRoot == null ? List.of() : List.copyOf(pathToGcRoot);
    }

    /** The same steps root first: the GC root, each holder, the object last (how every format shows a path). */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "pathFromGcRoot",
            access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public List<PathStep> pathFromGcRoot() {
        List<PathStep> out = new java.util.ArrayList<>(pathToGcRoot);
        java.util.Collections.reverse(out);
        return out;
    }

    /** A string value holds the tool's words or code names: a dump string pasted into one is refused. */
    private static void checkWords(Object v) {
        if (v instanceof String s && s.contains(DumpString.MARKER)) {
            throw new IllegalArgumentException("a dump string was pasted into an attribute: " + s);
        }
        if (v instanceof java.util.Collection<?> c) {
            c.forEach(Evidence::checkWords);
        }
    }

    /** The dump strings an attribute value holds (itself, or in a text or a list). */
    static void addDumpStrings(Object v, List<DumpString> out) {
        if (v instanceof DumpString d) {
            out.add(d);
        } else if (v instanceof java.util.Collection<?> c) {
            c.forEach(x -> addDumpStrings(x, out));
        }
    }

    /** This evidence with every dump string of its attributes and path roots redacted. */
    public Evidence redacted() {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, redactedValue(v)));
        return new Evidence(objectId, className, shallowBytes, retainedBytes, out,
                pathToGcRoot.stream().map(PathStep::redacted).toList());
    }

    private static Object redactedValue(Object v) {
        if (v instanceof DumpString d) {
            return d.readable() ? d : DumpString.placeholder(d.length());
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Evidence::redactedValue).toList();
        }
        return v;
    }

    public static String objectId(long address) {
        return "0x" + Long.toHexString(address);
    }
}
