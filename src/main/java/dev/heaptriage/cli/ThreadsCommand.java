package dev.heaptriage.cli;

import dev.heaptriage.render.Printable;
import dev.heaptriage.report.Report;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.report.ThreadOverview;
import dev.heaptriage.units.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heaptriage threads DUMP}: every thread with its state, stack and what its locals retain. */
@Command(name = "threads", mixinStandardHelpOptions = true,
        description = {"Thread overview: state, what each thread waits on, stack (top first) and the retained size "
                + "of its locals. After 'analyze' of the same dump it needs no parse: analyze stores the table."})
final class ThreadsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Mixin
    TableFormatOption table;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "12",
            description = "frames per thread in text, 0 or more (default: ${DEFAULT-VALUE}); json and csv have them all")
    int frames;

    @Option(names = "--redact", description = "replace thread names with <redacted:N chars> (the JDK's own thread "
            + "names, such as main and Finalizer, stay)")
    boolean redact;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (frames < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--frames must be 0 or more, found "
                    + frames);
        }
        return DumpOpener.withOverview("heaptriage threads", input, spec.commandLine().getErr(), overview -> {
            ThreadOverview threads = redact ? redacted(overview.threads()) : overview.threads();
            switch (table.format) {
                case TEXT -> text(out, threads);
                case JSON -> JsonOutput.write(out, overview.dump(), overview.warnings(), threads);
                case CSV -> csv(out, threads);
            }
            out.flush();
        });
    }

    private static ThreadOverview redacted(ThreadOverview o) {
        List<ThreadOverview.Thread> out = new ArrayList<>();
        for (ThreadOverview.Thread t : o.threads()) {
            // The names the JDK gives its own threads are not data (DumpString.threadName): they stay readable.
            String name = DumpString.isJdkThreadName(t.name()) ? t.name() : Report.redact(t.name());
            out.add(new ThreadOverview.Thread(name, t.state(), t.daemon(), t.virtual(),
                    t.localsRetained(), t.blockedOn(), t.frames()));
        }
        return new ThreadOverview(out);
    }

    private void text(PrintWriter out, ThreadOverview overview) {
        out.println(Units.plural(overview.threads().size(), "thread"));
        for (ThreadOverview.Thread t : overview.threads()) {
            out.printf("%n\"%s\" %s%s%s · locals retain %s%n", Printable.escape(t.name()), t.state(),
                    t.daemon() ? " daemon" : "", t.virtual() ? " virtual" : "", Units.bytes(t.localsRetained()));
            if (t.blockedOn() != null) {
                out.println("    " + Printable.escape(t.blockedOn()));
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

    private static void csv(PrintWriter out, ThreadOverview overview) {
        TableFormat.csv(out, List.of("name", "state", "daemon", "virtual", "localsRetainedBytes", "blockedOn",
                "topFrame"));
        for (ThreadOverview.Thread t : overview.threads()) {
            TableFormat.csv(out, Arrays.asList(t.name(), t.state(), t.daemon(), t.virtual(),
                    t.localsRetained(), t.blockedOn(), t.frames().isEmpty() ? null : t.frames().get(0)));
        }
    }
}
