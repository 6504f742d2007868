package dev.heaptriage.report;

/** One group inside a finding (a path, a peer, a class, a stack) and how many of the finding's objects it has. */
public record Breakdown(String label, long count) {
}
