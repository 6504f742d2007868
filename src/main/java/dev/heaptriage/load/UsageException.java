package dev.heaptriage.load;

/**
 * The command line asks for something that cannot be given: an index directory that is missing, not a folder,
 * someone else's or not writable, or a heap number the dump does not have. The message is one sentence saying
 * what was expected and what was found; the CLI prints it and exits 2.
 */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
