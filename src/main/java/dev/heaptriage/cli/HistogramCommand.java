package dev.heaptriage.cli;

import dev.heaptriage.detect.Overviews;
import dev.heaptriage.report.ClassHistogram;
import dev.heaptriage.units.Units;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heaptriage histogram DUMP}: classes by instance count and shallow bytes. */
@Command(name = "histogram", mixinStandardHelpOptions = true,
        description = {"Classes by shallow bytes, with instance counts. Plain garbage (unreachable objects) is left "
                + "out, as in the analysis; objects only the finalizer or a cleaner still holds are counted."})
final class HistogramCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30", description = "classes to show (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DumpOpener.withHeap("heaptriage histogram", input.dump, input.indexDir, input.quiet, spec.commandLine().getErr(), loaded -> {
            List<ClassHistogram.Row> rows = Overviews.histogram(loaded.heap()).rows();
            out.printf("%14s %14s  %s%n", "instances", "shallow", "class");
            for (ClassHistogram.Row r : rows.subList(0, Math.min(top, rows.size()))) {
                out.printf("%14s %14s  %s%n", Units.count(r.instances()), Units.bytes(r.shallowBytes()),
                        r.className());
            }
            out.flush();
        });
    }
}
