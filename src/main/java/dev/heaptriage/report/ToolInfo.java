package dev.heaptriage.report;

/** The tool that wrote a report. */
public record ToolInfo(String name, String version) {
}
