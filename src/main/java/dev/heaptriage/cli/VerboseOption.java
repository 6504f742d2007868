package dev.heaptriage.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: show the stack trace of an internal error. A mixin, so the error handler reads it from the
 * subcommand that failed ({@link Main}), whichever subcommand that is.
 */
final class VerboseOption {
    @Option(names = "--verbose", description = "show the stack trace of an internal error")
    boolean verbose;
}
