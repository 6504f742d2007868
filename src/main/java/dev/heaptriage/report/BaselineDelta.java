package dev.heaptriage.report;

/**
 * A finding compared with the baseline. For a {@link BaselineStatus#NEW} finding the deltas are null; for a
 * persisting one they are now minus then ({@code bytesDelta} of the retained bytes), and {@code grown} says whether
 * it grew past the growth threshold of {@code --fail-on-growth}.
 */
public record BaselineDelta(BaselineStatus status, Long countDelta, Long bytesDelta, boolean grown) {

    public static final BaselineDelta NEW = new BaselineDelta(BaselineStatus.NEW, null, null, false);

    /** Whether a finding with this delta counts for {@code --fail-on}: new, or persisting and grown. */
    public boolean gates() {
        return status == BaselineStatus.NEW || grown;
    }
}
