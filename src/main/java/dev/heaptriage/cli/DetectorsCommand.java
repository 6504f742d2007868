package dev.heaptriage.cli;

import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.units.Wrap;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heaptriage detectors}: every registered detector with its id, title, default severity and rules. */
@Command(name = "detectors", mixinStandardHelpOptions = true,
        description = "List every detector: id, title, default severity, what it looks for and how to fix it.")
final class DetectorsCommand implements Callable<Integer> {
    private static final String PAD = " ".repeat(19);

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            completionCandidates = FormatConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    /** The JSON output's payload: every detector's metadata ({@code schema/detectors.schema.json}). */
    record Listing(List<DetectorInfo> detectors) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        var all = Detectors.all();
        if ("json".equals(format)) {
            JsonOutput.write(out, null, new Listing(all.stream().map(Detector::info).toList()));
            return ExitCode.OK.code;
        }
        if (all.isEmpty()) {
            out.println("no detectors are registered in this build");
        }
        for (Detector d : all) {
            DetectorInfo i = d.info();
            out.printf("%-18s %-8s %s (since %s)%n", i.id(), i.defaultSeverity().id(), i.title(), i.since());
            out.println(Wrap.wrap(PAD, i.description(), PAD, 100).stripTrailing());
            out.println(Wrap.wrap(PAD, "fix: " + i.remediation(), PAD, 100).stripTrailing());
            if (Detectors.ON_REQUEST.contains(i.id())) {
                out.println(PAD + "runs only when named: --detectors " + i.id());
            }
            out.println();
        }
        out.flush();
        return ExitCode.OK.code;
    }

    /** {@code -f text|json}, with a message that lists both. */
    static final class FormatConverter implements CommandLine.ITypeConverter<String>, Iterable<String> {
        private static final List<String> NAMES = List.of("text", "json");

        @Override
        public String convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (!NAMES.contains(v)) {
                throw new CommandLine.TypeConversionException("unknown format '" + value + "'; expected text or json");
            }
            return v;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }
}
