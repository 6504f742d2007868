package dev.heaptriage.text;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A sentence of a report: words (the tool's own words, numbers, and code names: classes, fields, methods, which are
 * not data) and {@link DumpString}s, kept apart. Detectors build findings' titles, summaries, owners and labels from
 * it, so a dump string is never pasted into words: only a renderer turns a text into characters
 * ({@link #shown(UnaryOperator)} escapes the dump strings for its format), and {@link #redacted()} swaps every dump
 * string that is not {@link DumpString#readable()} for a placeholder of its length.
 *
 * <p>Words may not hold {@link DumpString#MARKER}: a dump string concatenated into a {@code String} by accident
 * (its {@code toString()}) is refused here with an exception, so the detector that did it fails its tests.
 */
public final class Text {
    /** One part of a text. */
    public sealed interface Part permits Words, Dump, Redacted {
    }

    /** The tool's words, numbers and code names. */
    public record Words(String text) implements Part {
        public Words {
            Objects.requireNonNull(text);
            if (text.contains(DumpString.MARKER)) {
                throw new IllegalArgumentException("a dump string was pasted into words: " + text);
            }
        }
    }

    /** A string from the dump's contents. */
    public record Dump(DumpString value) implements Part {
        public Dump {
            Objects.requireNonNull(value);
        }
    }

    /** What is left of a dump string under {@code --redact}: its length. */
    public record Redacted(int length) implements Part {
    }

    public static final Text EMPTY = new Text(List.of());

    private final List<Part> parts;

    private Text(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Words only (the tool's own, or code names); null stays null. */
    public static Text of(String words) {
        return words == null ? null : words.isEmpty() ? EMPTY : new Text(List.of(new Words(words)));
    }

    /** One dump string; null stays null. */
    public static Text of(DumpString dump) {
        return dump == null ? null : new Text(List.of(new Dump(dump)));
    }

    /**
     * A text of these pieces in order: {@link String}s, characters, numbers and booleans are words, a
     * {@link DumpString} is a dump string, a {@link Text} brings its parts; null is {@code null}. Anything else is
     * refused: its {@code toString()} could be anything.
     */
    public static Text concat(Object... pieces) {
        Builder b = builder();
        for (Object p : pieces) {
            if (p == null || p instanceof String) {
                b.append((String) p);
            } else if (p instanceof DumpString d) {
                b.append(d);
            } else if (p instanceof Text t) {
                b.append(t);
            } else if (p instanceof Number || p instanceof Character || p instanceof Boolean) {
                b.append(String.valueOf(p));
            } else {
                throw new IllegalArgumentException("not words, a dump string or a text: " + p.getClass().getName());
            }
        }
        return b.build();
    }

    /** A text of these parts (as {@link #parts()} gives them). */
    public static Text ofParts(List<Part> parts) {
        return new Text(parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Part> parts() {
        return parts;
    }

    /** The dump strings this text quotes. */
    public List<DumpString> dumpStrings() {
        List<DumpString> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Dump d) {
                out.add(d.value());
            }
        }
        return out;
    }

    /** The characters, every dump string passed through {@code escape} (a renderer's escaping for its format). */
    public String shown(UnaryOperator<String> escape) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p instanceof Dump d ? escape.apply(d.value().contents()) : plain(p));
        }
        return sb.toString();
    }

    /** The characters, dump strings as they are (for formats whose writer escapes everything: JSON, XML). */
    @JsonValue
    public String shown() {
        return shown(UnaryOperator.identity());
    }

    /**
     * The words of a text that quotes no dump string (a label made of code names only); a text that quotes one is
     * refused with an exception, so a dump string never leaves as plain words.
     */
    public String words() {
        if (parts.stream().anyMatch(p -> !(p instanceof Words))) {
            throw new IllegalStateException("this text quotes dump strings: " + this);
        }
        return shown();
    }

    /** This text with every dump string that is not {@link DumpString#readable()} replaced by its length. */
    public Text redacted() {
        if (parts.stream().noneMatch(p -> p instanceof Dump d && !d.value().readable())) {
            return this;
        }
        List<Part> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            out.add(p instanceof Dump d && !d.value().readable() ? new Redacted(d.value().length()) : p);
        }
        return new Text(out);
    }

    public boolean isEmpty() {
        return parts.stream().allMatch(p -> p instanceof Words w && w.text().isEmpty());
    }

    public boolean isBlank() {
        return parts.stream().allMatch(p -> p instanceof Words w && w.text().isBlank());
    }

    /** Whether the words of this text (never its dump strings) contain {@code s}. */
    public boolean wordsContain(String s) {
        return parts.stream().anyMatch(p -> p instanceof Words w && w.text().contains(s));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && t.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** Never the dump strings' contents: their {@link DumpString#toString()} markers, so pasting it fails too. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p instanceof Dump d ? d.value().toString() : plain(p));
        }
        return sb.toString();
    }

    /** Words as they are, a placeholder as it shows; never called for a dump string. */
    private static String plain(Part p) {
        if (p instanceof Words w) {
            return w.text();
        }
        if (p instanceof Redacted r) {
            return DumpString.placeholder(r.length());
        }
        throw new IllegalStateException("a dump string has no plain form");
    }

    /**
     * Builds a text the way a {@link StringBuilder} builds a string: {@code append} words, numbers, code names, dump
     * strings and other texts. There is no {@code append(Object)}: a dump string can only go in as itself.
     */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder words = new StringBuilder();

        private Builder() {
        }

        /** The tool's words or a code name; null appends {@code null} as a StringBuilder does. */
        public Builder append(String s) {
            String w = String.valueOf(s);
            if (w.contains(DumpString.MARKER)) {
                throw new IllegalArgumentException("a dump string was pasted into words: " + w);
            }
            words.append(w);
            return this;
        }

        public Builder append(char c) {
            words.append(c);
            return this;
        }

        public Builder append(long n) {
            words.append(n);
            return this;
        }

        public Builder append(int n) {
            words.append(n);
            return this;
        }

        /** An enum constant's name (a state, a kind: code, not data). */
        public Builder append(Enum<?> e) {
            words.append(e);
            return this;
        }

        public Builder append(boolean b) {
            words.append(b);
            return this;
        }

        /** A dump string, kept as one ({@code null} appends {@code null}). */
        public Builder append(DumpString d) {
            if (d == null) {
                return append("null");
            }
            flush();
            parts.add(new Dump(d));
            return this;
        }

        /** Every part of {@code t}. */
        public Builder append(Text t) {
            if (t == null) {
                return append("null");
            }
            for (Part p : t.parts) {
                if (p instanceof Words w) {
                    words.append(w.text());
                } else {
                    flush();
                    parts.add(p);
                }
            }
            return this;
        }

        /** Whether nothing was appended yet. */
        public boolean isEmpty() {
            return parts.isEmpty() && words.length() == 0;
        }

        /** How many characters are appended so far (placeholders and dump strings count their lengths). */
        public int length() {
            int n = words.length();
            for (Part p : parts) {
                n += p instanceof Dump d ? d.value().length() : plain(p).length();
            }
            return n;
        }

        private void flush() {
            if (words.length() > 0) {
                parts.add(new Words(words.toString()));
                words.setLength(0);
            }
        }

        public Text build() {
            flush();
            return parts.isEmpty() ? EMPTY : new Text(parts);
        }

        /** The text so far as {@link Text#toString()} shows it (markers for dump strings, never their contents). */
        @Override
        public String toString() {
            flush();
            return new Text(parts).toString();
        }
    }
}
