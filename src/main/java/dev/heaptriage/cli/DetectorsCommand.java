package dev.heaptriage.cli;

import dev.heaptriage.units.Wrap;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Detectors;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code heaptriage detectors}: every registered detector with its id, title, default severity and rules. */
@Command(name = "detectors", mixinStandardHelpOptions = true,
        description = "List every detector: id, title, default severity, what it looks for and how to fix it.")
final class DetectorsCommand implements Callable<Integer> {
    private static final String PAD = " ".repeat(19);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var all = Detectors.all();
        if (all.isEmpty()) {
            out.println("no detectors are registered in this build");
        }
        for (Detector d : all) {
            DetectorInfo i = d.info();
            out.printf("%-18s %-8s %s (since %s)%n", i.id(), i.defaultSeverity().id(), i.title(), i.since());
            out.println(Wrap.wrap(PAD, i.description(), PAD, 100).stripTrailing());
            out.println(Wrap.wrap(PAD, "fix: " + i.remediation(), PAD, 100).stripTrailing());
            out.println();
        }
        out.flush();
        return ExitCode.OK.code;
    }
}
