package dev.heaptriage.report;

import dev.heaptriage.text.Text;

/**
 * One group inside a finding (a path, a peer, a class, a stack) and how many of the finding's objects it has. The
 * label is a {@link Text}: a class is code and stays readable under {@code --redact}, a path or peer is a dump string.
 */
public record Breakdown(Text label, long count) {
    public Breakdown {
        label = label == null ? Text.EMPTY : label;
    }

    /** A label of the tool's words and code names only (a class, a stack). */
    public Breakdown(String label, long count) {
        this(Text.of(label), count);
    }
}
