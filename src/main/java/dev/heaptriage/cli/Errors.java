package dev.heaptriage.cli;

import dev.heaptriage.render.Printable;
import java.io.PrintWriter;

/** Prints the one line of an error: a path or dump string with a newline or ESC in it cannot break or forge it. */
final class Errors {
    private Errors() {
    }

    /**
     * Prints {@code command: message} as one line and returns {@code exit}'s code. Every error of every command has
     * this shape ({@code heaptriage analyze: ...}), usage errors included. {@code progress} may be null.
     */
    static int print(PrintWriter err, Progress progress, String command, String message, ExitCode exit) {
        if (progress != null) {
            progress.clear();
        }
        err.println(command + ": " + Printable.escape(message));
        err.flush();
        return exit.code;
    }
}
