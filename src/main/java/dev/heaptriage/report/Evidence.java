package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One example object behind a finding: what it is, how big, its facts ({@code attributes}: path, fd, peer ...)
 * and the shortest path that keeps it alive. {@code pathToGcRoot} holds it object first, GC root last (the model's
 * order and the JSON field of the first schema version); every format shows it root first, as
 * {@link #pathFromGcRoot()} gives it: the JSON report has both fields, {@code pathFromGcRoot} the one to read,
 * {@code pathToGcRoot} kept unchanged for the readers of schema version 1 (fields are only added within a version).
 */
@JsonPropertyOrder({"objectId", "className", "shallowBytes", "retainedBytes", "attributes", "pathFromGcRoot",
        "pathToGcRoot"})
public record Evidence(String objectId, String className, long shallowBytes, long retainedBytes,
                       Map<String, Object> attributes, List<PathStep> pathToGcRoot) {

    public Evidence {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
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

    public static String objectId(long address) {
        return "0x" + Long.toHexString(address);
    }
}
