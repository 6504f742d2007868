package dev.heaptriage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code -o FILE} and {@code --force} of the explore commands ({@code top}, {@code why}, ...), declared once and
 * written through {@link ReportOutput} (its checks before the work, its atomic private write after).
 */
final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write to FILE instead of stdout (all of it or nothing; only ever a regular file; - is stdout)")
    Path output;

    @Option(names = "--force", description = "let -o replace an existing regular file (a symbolic link is replaced "
            + "itself, never what it points to)")
    boolean force;

    /** The checked target before any work (usage error, exit 2, when it cannot be written); null for stdout. */
    ReportOutput check(CommandLine cl, Path... dumps) {
        return output == null ? null : ReportOutput.check(cl, output, force, dumps);
    }

    /** A command's output, once written: null when it got there, else the failure. */
    static ReportOutput.Failure write(ReportOutput target, ReportOutput.Body body, PrintWriter out) {
        try {
            if (target == null) {
                ReportOutput.toStdout(body, out);
            } else {
                target.write(body);
            }
            return null;
        } catch (ReportOutput.Failure e) {
            return e;
        }
    }
}
