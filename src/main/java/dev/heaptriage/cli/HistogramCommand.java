package dev.heaptriage.cli;

import dev.heaptriage.detect.Overviews;
import dev.heaptriage.report.ClassHistogram;
import dev.heaptriage.units.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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

    @Parameters(index = "0", paramLabel = "DUMP", description = "the heap dump: .hprof or .hprof.gz")
    Path dump;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30", description = "classes to show (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "where to keep index files")
    Path indexDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress or warnings on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DumpOpener.withHeap("heaptriage histogram", dump, indexDir, quiet, spec.commandLine().getErr(), loaded -> {
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
