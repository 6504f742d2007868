package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One example object behind a finding: what it is, how big, its facts ({@code attributes}: path, fd, peer ...)
 * and the shortest path that keeps it alive, object first, GC root last.
 */
@JsonPropertyOrder({"objectId", "className", "shallowBytes", "retainedBytes", "attributes", "pathToGcRoot"})
public record Evidence(String objectId, String className, long shallowBytes, long retainedBytes,
                       Map<String, Object> attributes, List<PathStep> pathToGcRoot) {

    public Evidence {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        pathToGcRoot = pathToGcRoot == null ? List.of() : List.copyOf(pathToGcRoot);
    }

    public static String objectId(long address) {
        return "0x" + Long.toHexString(address);
    }
}
