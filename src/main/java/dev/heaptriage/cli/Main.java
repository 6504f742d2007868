package dev.heaptriage.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code main} only exits with {@link #run}'s code; tests call {@link #run} directly. */
@Command(name = "heaptriage", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Finds memory and resource leaks in a JVM heap dump (HPROF) and says how to fix them.", ""},
        subcommands = {AnalyzeCommand.class, DetectorsCommand.class, ThreadsCommand.class, HistogramCommand.class, TopCommand.class, WhyCommand.class, ObjectsCommand.class, DiffCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nTaking a heap dump:%n",
        footer = {
                "  jcmd <pid> GC.heap_dump /tmp/app.hprof       (live objects; -all keeps garbage)",
                "  jmap -dump:live,format=b,file=/tmp/app.hprof <pid>",
                "  java -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/tmp ...",
                "",
                "Examples:",
                "  heaptriage analyze app.hprof",
                "  heaptriage analyze app.hprof.gz -f json -o report.json",
                "  heaptriage analyze app.hprof --fail-on high   (CI: exit 1 on a high finding)",
                "  heaptriage threads app.hprof",
                "  heaptriage detectors"},
        exitCodeListHeading = "%nExit codes:%n",
        modelTransformer = Main.ExitCodes.class)
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** The arguments of the command line being run, for a re-launch in a JVM with more heap. */
    private static volatile String[] arguments = new String[0];

    static String[] arguments() {
        return arguments.clone();
    }

    /** Runs the command line and returns the exit code; never calls {@link System#exit}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        arguments = args.clone();
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::internalError);
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    /**
     * Puts the exit codes of {@link ExitCode} into the help of every command. A model transformer rather than code in
     * {@link #commandLine()}, so every {@code CommandLine} built from this class has them: the man pages and the
     * completion script are generated at build time from the same model (see pom.xml).
     */
    static final class ExitCodes implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
            for (String line : ExitCode.helpList()) {
                int colon = line.indexOf(':');
                codes.put(line.substring(0, colon), line.substring(colon + 1));
            }
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
            for (CommandLine sub : spec.subcommands().values()) {
                sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
            }
            return spec;
        }
    }

    /**
     * A bad option: one line in the shape of every other error ({@code heaptriage analyze: what is wrong}), with
     * where to read the usage, exit 2.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        Errors.print(cl.getErr(), null, name, lowerFirst(e.getMessage()) + " (see '" + name + " --help')",
                ExitCode.USAGE);
        return ExitCode.USAGE.code;
    }

    /**
     * A bug: never a bare stack trace unless asked for with {@code --verbose}, which is read from the subcommand that
     * failed ({@code cl}; picocli hands the failing one to this handler).
     */
    static int internalError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": unexpected internal error: " + e
                + "; please report it with the output of --verbose");
        if (verbose(cl)) {
            e.printStackTrace(err);
        }
        return ExitCode.INTERNAL.code;
    }

    private static boolean verbose(CommandLine cl) {
        for (Object mixin : cl.getCommandSpec().mixins().values().stream().map(m -> m.userObject()).toList()) {
            if (mixin instanceof VerboseOption v) {
                return v.verbose;
            }
        }
        return false;
    }

    static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
