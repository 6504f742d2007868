package dev.heaptriage.report;

/**
 * The report's {@code dump.objectLayout}: the object layout every byte figure follows and its evidence (README
 * "Sizes"). {@code model} is {@code hotspot} when inferred from the dump's object addresses, {@code mat} when the
 * addresses bore no layout out and MAT's model is used (a warning says so). {@code gapsExplained} is the share of
 * the {@code gapsSampled} gaps between neighbouring objects that equal the computed size of the object before them.
 */
public record ObjectLayoutInfo(String model, String description, int headerBytes, int arrayHeaderBytes,
                               int referenceBytes, int alignmentBytes, String fieldPacking, long gapsSampled,
                               double gapsExplained) {
}
