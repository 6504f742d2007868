package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One part of the heap picture (the JSON report's {@code heapParts}): a set of objects the findings' owners retain,
 * disjoint from every other part, so the parts add up to at most the used heap. They are dominator subtrees: what a
 * finding's owner retains exclusively; where two findings hold the same objects (one inside the other, or both the
 * same), those objects are one part, listed under both.
 *
 * @param bytes    the retained bytes of the part (each object counted once)
 * @param findings the fingerprints of the findings whose examples lie in this part, in report order
 */
@JsonPropertyOrder({"bytes", "findings"})
public record HeapPart(long bytes, List<String> findings) {
    public HeapPart {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
