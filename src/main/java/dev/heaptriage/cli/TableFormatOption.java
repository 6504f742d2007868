package dev.heaptriage.cli;

import picocli.CommandLine.Option;

/** {@code -f text|json|csv} of the table commands ({@code threads}, {@code histogram}), declared once. */
final class TableFormatOption {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            converter = TableFormat.Converter.class, completionCandidates = TableFormat.Names.class, description = "text, json or csv (default: ${DEFAULT-VALUE})")
    TableFormat format;
}
