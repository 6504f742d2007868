package dev.heaptriage.heap;

/**
 * The object layout that the view's sizes follow, and how well the dump's object addresses bear it out.
 *
 * @param model         {@code hotspot} when the layout was inferred from the dump, {@code mat} when no layout
 *                      explained most gaps and MAT's own model is used
 * @param description   the layout in words, e.g. {@code 64-bit HotSpot, compressed oops, compressed class pointers}
 * @param fieldPacking  {@code jdk15} (fields sorted by size, gaps filled), {@code classic} (JDK 8 to 14), or
 *                      {@code mat}
 * @param gapsSampled   gaps between neighbouring object addresses that were compared with computed sizes
 * @param gapsExplained the share of those gaps that equal the computed size of the object before them
 */
public record ObjectLayoutFacts(String model, String description, int headerBytes, int arrayHeaderBytes,
                                int referenceBytes, int alignmentBytes, String fieldPacking, long gapsSampled,
                                double gapsExplained) {
}
