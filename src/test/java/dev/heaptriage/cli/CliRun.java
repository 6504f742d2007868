package dev.heaptriage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        // Every JSON output of every test run validates against its committed schema.
        dev.heaptriage.testing.JsonSchemas.checkRun(code, out.toString(), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Non-blank stderr lines other than progress lines ({@link #isProgress}). */
    java.util.List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank() && !isProgress(l)).toList();
    }

    /** A progress line as {@code Progress} writes it to a log: {@code heaptriage: [12.3 s] ...}. */
    static boolean isProgress(String line) {
        return line.matches("heaptriage: \\[\\d+\\.\\d s\\] .*");
    }
}
