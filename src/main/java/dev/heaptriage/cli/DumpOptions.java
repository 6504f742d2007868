package dev.heaptriage.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dump and where its index goes, for the commands that read a heap besides {@code analyze}. */
final class DumpOptions {
    @Parameters(index = "0", paramLabel = "DUMP", description = "the heap dump: .hprof or .hprof.gz")
    Path dump;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "where to keep index files")
    Path indexDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress or warnings on stderr")
    boolean quiet;
}
