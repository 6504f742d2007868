package dev.heaptriage.cli;

import dev.heaptriage.detect.Overviews;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ThreadOverview;
import dev.heaptriage.units.Units;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heaptriage threads DUMP}: every thread with its state, stack and what its locals retain. */
@Command(name = "threads", mixinStandardHelpOptions = true,
        description = "Thread overview: state, stack (top first) and the retained size of each thread's locals.")
final class ThreadsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "12", description = "frames per thread (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--redact", description = "replace thread names with <redacted:N chars>")
    boolean redact;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DumpOpener.withHeap("heaptriage threads", input.dump, input.indexDir, input.quiet, spec.commandLine().getErr(), loaded -> {
            print(out, Overviews.threads(loaded.heap()));
            out.flush();
        });
    }

    private void print(PrintWriter out, ThreadOverview overview) {
        out.println(Units.plural(overview.threads().size(), "thread"));
        for (ThreadOverview.Thread t : overview.threads()) {
            String name = redact ? Report.redact(t.name()) : t.name();
            out.printf("%n\"%s\" %s%s%s · locals retain %s%n", name, t.state(), t.daemon() ? " daemon" : "",
                    t.virtual() ? " virtual" : "", Units.bytes(t.localsRetained()));
            if (t.blockedOn() != null) {
                out.println("    " + t.blockedOn());
            }
            int n = 0;
            for (String f : t.frames()) {
                if (n++ == frames) {
                    out.println("    … " + (t.frames().size() - frames) + " more");
                    break;
                }
                out.println("    at " + f);
            }
        }
    }
}
