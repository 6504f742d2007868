package dev.heaptriage.cli;

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

/** {@code heaptriage histogram DUMP}: classes by instance count, shallow and retained bytes. */
@Command(name = "histogram", mixinStandardHelpOptions = true,
        description = {"Classes by shallow bytes, with instance counts and what their instances retain together. "
                + "Plain garbage (unreachable objects) is left out, as in the analysis; objects only the finalizer or "
                + "a cleaner still holds are counted. After 'analyze' of the same dump it needs no parse."})
final class HistogramCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Mixin
    TableFormatOption table;

    @Option(names = "--top", paramLabel = "N",
            description = "the N classes with the most shallow bytes, 1 or more, in every format (default: 30 in text, "
                    + "all in json and csv)")
    Integer top;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (top != null && top < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must be 1 or more, found " + top);
        }
        return DumpOpener.withOverview("heaptriage histogram", input, spec.commandLine().getErr(), overview -> {
            List<ClassHistogram.Row> all = overview.histogram().rows();
            int limit = top != null ? top : table.format == TableFormat.TEXT ? DEFAULT_TEXT_ROWS : all.size();
            List<ClassHistogram.Row> rows = all.subList(0, Math.min(limit, all.size()));
            switch (table.format) {
                case TEXT -> {
                    out.printf("%14s %14s %14s  %s%n", "instances", "shallow", "retained", "class");
                    for (ClassHistogram.Row r : rows) {
                        out.printf("%14s %14s %14s  %s%n", Units.count(r.instances()), Units.bytes(r.shallowBytes()),
                                Units.bytes(r.retainedBytes()), r.className());
                    }
                }
                case JSON -> JsonOutput.write(out, overview.dump(), overview.warnings(), new ClassHistogram(rows));
                case CSV -> {
                    TableFormat.csv(out, List.of("class", "instances", "shallowBytes", "retainedBytes"));
                    for (ClassHistogram.Row r : rows) {
                        TableFormat.csv(out, List.of(r.className(), r.instances(), r.shallowBytes(), r.retainedBytes()));
                    }
                }
            }
            out.flush();
        });
    }

    /** Rows of the text table without {@code --top}: a screenful. */
    static final int DEFAULT_TEXT_ROWS = 30;
}
