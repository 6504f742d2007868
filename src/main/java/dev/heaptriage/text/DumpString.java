package dev.heaptriage.text;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;

/**
 * A string taken from the dump's contents (a thread's name, a path, a peer, a {@code java.lang.String}'s value, a
 * system property): whatever the application put there, secrets included. The heap readers hand every such string
 * out as this type, never as a {@link String}, and the report keeps it as this type inside {@link Text} and evidence
 * attributes, so only a renderer turns it into characters: as they are, escaped for its format, or (with
 * {@code --redact}) as {@code <redacted:N chars>}.
 *
 * <p>{@link #toString()} never shows the contents: pasting a dump string into a {@code String} by accident gives
 * {@link #MARKER}, which {@link Text} and the report model refuse. {@link #contents()} is for comparing, keying and
 * rendering; detectors never paste it into prose (the {@code DumpStringUseTest} scans them).
 *
 * <p>The names the JDK gives its own threads ({@code main}, {@code Finalizer}, {@code Reference Handler}, ...) are
 * code, not data: {@link #threadName} marks them {@link #readable()}, and they stay readable under {@code --redact}.
 */
public final class DumpString implements Comparable<DumpString> {
    /** What {@link #toString()} starts with: found in a report's text, it means a dump string was pasted as words. */
    public static final String MARKER = "\u27eadump string";

    /** Names the JDK itself gives its threads (JDK 8-25): never data, so never redacted. */
    private static final Set<String> JDK_THREAD_NAMES = Set.of("main", "Reference Handler", "Finalizer",
            "Signal Dispatcher", "Common-Cleaner", "Attach Listener", "Notification Thread", "Service Thread",
            "Monitor Deflation Thread", "DestroyJavaVM", "process reaper", "Sweeper thread", "Read-Poller",
            "Write-Poller", "VirtualThread-unparker", "Surrogate Locker Thread (Concurrent GC)", "Java2D Disposer",
            "AWT-Shutdown", "JFR Recorder Thread", "JFR Periodic Tasks", "JFR Shutdown Hook", "Monitor Ctrl-Break");

    /**
     * Numbered names the JDK makes up for threads nobody named: {@code Thread-3} ({@code new Thread()}),
     * {@code pool-1-thread-2} ({@code Executors.defaultThreadFactory()}), {@code Cleaner-0},
     * {@code ForkJoinPool.commonPool-worker-1}, {@code ForkJoinPool-1-worker-2}, compiler threads.
     */
    private static final java.util.regex.Pattern JDK_NUMBERED_THREAD_NAMES = java.util.regex.Pattern.compile(
            "Thread-\\d+|pool-\\d+-thread-\\d+|Cleaner-\\d+|ForkJoinPool(\\.commonPool|-\\d+)-worker-\\d+"
                    + "|C[12] CompilerThread\\d+|ForkJoinPool-\\d+-worker-\\d+");

    private final String contents;
    private final boolean readable;

    private DumpString(String contents, boolean readable) {
        this.contents = contents;
        this.readable = readable;
    }

    /** The dump string {@code contents}; null stays null. */
    public static DumpString of(String contents) {
        return contents == null ? null : new DumpString(contents, false);
    }

    /** A thread's name: {@link #readable()} when it is one the JDK gives its own threads; null stays null. */
    public static DumpString threadName(String contents) {
        return contents == null ? null : new DumpString(contents, isJdkThreadName(contents));
    }

    /** A dump string as a stored report kept it (the analysis cache): its contents and whether it is readable. */
    public static DumpString restore(String contents, boolean readable) {
        return new DumpString(contents, readable);
    }

    /** Whether {@code name} is one the JDK gives its own threads. */
    public static boolean isJdkThreadName(String name) {
        return name != null && (JDK_THREAD_NAMES.contains(name) || JDK_NUMBERED_THREAD_NAMES.matcher(name).matches());
    }

    /**
     * The characters as the dump has them: for comparing, keying and rendering. Never paste them into a report's
     * words: append this dump string to a {@link Text} instead.
     */
    @JsonValue
    public String contents() {
        return contents;
    }

    /**
     * {@link #contents()} of {@code d}, or null: for the heap readers ({@code detect/jdk}, {@code detect/libs}) that
     * compose a dump string (a peer {@code host:port}) from several; never for a sentence.
     */
    public static String contentsOf(DumpString d) {
        return d == null ? null : d.contents;
    }

    /** True for a JDK thread's own name: not data, it stays readable under {@code --redact}. */
    public boolean readable() {
        return readable;
    }

    public int length() {
        return contents.length();
    }

    public boolean isEmpty() {
        return contents.isEmpty();
    }

    /** Whether the contents are exactly {@code text}. */
    public boolean is(String text) {
        return contents.equals(text);
    }

    public boolean startsWith(String prefix) {
        return contents.startsWith(prefix);
    }

    public boolean endsWith(String suffix) {
        return contents.endsWith(suffix);
    }

    /** The part from {@code begin} to {@code end}, itself a dump string. */
    public DumpString substring(int begin, int end) {
        return new DumpString(contents.substring(begin, end), false);
    }

    /**
     * The contents with every match of {@code regex} replaced: a dump string still ({@code payments-*}), readable
     * when this one is (the JDK's {@code pool-*-thread-*}).
     */
    public DumpString replaceAll(java.util.regex.Pattern regex, String replacement) {
        return new DumpString(regex.matcher(contents).replaceAll(replacement), readable);
    }

    /** {@code <redacted:N chars>}: what {@code --redact} shows instead of a dump string of {@code length} chars. */
    public static String placeholder(int length) {
        return "<redacted:" + length + " chars>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DumpString d && d.contents.equals(contents);
    }

    @Override
    public int hashCode() {
        return contents.hashCode();
    }

    @Override
    public int compareTo(DumpString o) {
        return contents.compareTo(o.contents);
    }

    /** Never the contents: {@link #MARKER} and the length, so a dump string pasted by accident shows (and fails). */
    @Override
    public String toString() {
        return MARKER + ": " + contents.length() + " chars\u27eb";
    }
}
