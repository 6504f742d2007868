package dev.heaptriage.load;

/** Not enough memory or disk to analyse the dump; the message says how much to give. The CLI exits 4. */
public final class ResourceException extends Exception {
    public ResourceException(String message) {
        super(message);
    }

    public ResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
