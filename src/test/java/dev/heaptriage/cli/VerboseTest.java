package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --verbose} is read from the subcommand that failed, and only then is a stack trace printed. */
class VerboseTest {

    /** A subcommand that fails the way a bug does, declared like the real ones. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Mixin
        VerboseOption verbose;

        @Override
        public Integer call() {
            throw new IllegalStateException("a bug in a detector");
        }
    }

    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine().addSubcommand(new Boom());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void internalErrorIsOneLineWithoutVerbose() {
        String[] r = run("boom");
        assertEquals("5", r[0]);
        assertTrue(r[1].contains("heaptriage boom: unexpected internal error: java.lang.IllegalStateException: a bug"
                + " in a detector; please report it with the output of --verbose"), r[1]);
        assertEquals(1, r[1].lines().filter(l -> !l.isBlank()).count(), r[1]);
    }

    @Test
    void verboseOnTheFailingSubcommandPrintsTheStackTrace() {
        String[] r = run("boom", "--verbose");
        assertEquals("5", r[0]);
        assertTrue(r[1].contains("java.lang.IllegalStateException: a bug in a detector"), r[1]);
        assertTrue(r[1].contains("\tat dev.heaptriage.cli.VerboseTest$Boom.call("), r[1]);
    }

    @Test
    void everyCommandThatReadsADumpTakesVerbose() {
        CommandLine cl = Main.commandLine();
        for (String name : new String[] {"analyze", "threads", "histogram"}) {
            CommandLine sub = cl.getSubcommands().get(name);
            assertTrue(sub.getCommandSpec().mixins().values().stream()
                    .anyMatch(m -> m.userObject() instanceof VerboseOption), name);
            assertFalse(sub.getCommandSpec().findOption("--verbose") == null, name);
        }
    }
}
