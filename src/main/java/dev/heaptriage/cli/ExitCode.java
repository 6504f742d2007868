package dev.heaptriage.cli;

/** Exit codes, exactly as DESIGN.md §2 lists them; scripts rely on them. */
public enum ExitCode {
    /** Analysis complete; no finding at or above {@code --fail-on} (or no {@code --fail-on}). */
    OK(0, "analysis complete; no finding at or above --fail-on (or no --fail-on)"),
    /** Analysis complete; at least one finding at or above {@code --fail-on}. */
    FINDINGS(1, "analysis complete; at least one finding at or above --fail-on"),
    /** Usage error (bad option, missing argument). */
    USAGE(2, "usage error (bad option, missing argument)"),
    /** The dump cannot be read: missing, empty, truncated, not HPROF, unsupported variant. */
    BAD_DUMP(3, "the dump cannot be read: missing, empty, truncated, not HPROF, unsupported variant"),
    /** Not enough memory or disk to analyse this dump. */
    RESOURCES(4, "not enough memory or disk to analyse this dump (the message says how much to give)"),
    /** Internal error: a bug. */
    INTERNAL(5, "internal error (a bug: please report it; --verbose shows the stack trace)");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** Lines for picocli's {@code exitCodeList}: {@code "3:the dump cannot be read ..."}. */
    static String[] helpList() {
        ExitCode[] all = values();
        String[] out = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i].code + ":" + all[i].meaning;
        }
        return out;
    }
}
