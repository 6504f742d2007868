package dev.heaptriage.load;

/**
 * The dump cannot be read: missing, empty, truncated, not HPROF or an unsupported variant. The message is one
 * lower-case sentence saying what was expected and what was found; the CLI prints it and exits 3.
 */
public final class DumpException extends Exception {
    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
