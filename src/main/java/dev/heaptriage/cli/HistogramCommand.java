package dev.heaptriage.cli;

import dev.heaptriage.units.Units;
import dev.heaptriage.heap.HeapClass;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heaptriage histogram DUMP}: classes by instance count and shallow bytes. */
@Command(name = "histogram", mixinStandardHelpOptions = true,
        description = "Classes by shallow bytes, with instance counts (garbage not yet collected included).")
final class HistogramCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DUMP", description = "the heap dump: .hprof or .hprof.gz")
    Path dump;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30", description = "classes to show (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "where to keep index files")
    Path indexDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress or warnings on stderr")
    boolean quiet;

    private record Row(String name, long count, long shallow) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DumpOpener.withHeap("heaptriage histogram", dump, indexDir, quiet, spec.commandLine().getErr(), loaded -> {
            var heap = loaded.heap();
            List<Row> rows = new ArrayList<>();
            for (HeapClass c : heap.allClasses()) {
                int n = c.instanceCount();
                if (n == 0) {
                    continue;
                }
                long shallow = 0;
                for (int id : c.instanceIds()) {
                    shallow += heap.shallowBytes(id);
                }
                rows.add(new Row(c.name(), n, shallow));
            }
            rows.sort(Comparator.comparingLong(Row::shallow).reversed().thenComparing(Row::name));
            out.printf("%14s %14s  %s%n", "instances", "shallow", "class");
            for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
                out.printf("%14s %14s  %s%n", Units.count(r.count()), Units.bytes(r.shallow()), r.name());
            }
            out.flush();
        });
    }
}
