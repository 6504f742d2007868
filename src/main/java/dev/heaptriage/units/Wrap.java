package dev.heaptriage.units;

import java.util.ArrayList;
import java.util.List;

/** Word wrap for the text report and the command line's own output: one implementation for both. */
public final class Wrap {
    private Wrap() {
    }

    /**
     * Word-wraps {@code text} to {@code width} columns. The first line starts with {@code firstPrefix}, every
     * further line with {@code indent}. Line breaks in {@code text} are kept; a word longer than a line is not
     * broken (a path or class name is more useful whole). Each line, including the last, ends with {@code \n}.
     * Null is treated as empty.
     */
    public static String wrap(String firstPrefix, String text, String indent, int width) {
        if (text == null) {
            text = "";
        }
        StringBuilder out = new StringBuilder();
        String prefix = firstPrefix;
        for (String paragraph : text.split("\r\n|\r|\n", -1)) {
            List<List<String>> units = new ArrayList<>();
            for (String word : words(paragraph)) {
                units.add(List.of(word));
            }
            fill(out, prefix, units, indent, width);
            prefix = indent;
        }
        return out.toString();
    }

    /**
     * Like {@link #wrap} for a line of {@code segments} joined by {@code " " + separator + " "} (e.g. {@code ·}
     * or {@code →}), but breaks between segments when it can, so {@code retained 12.0 MiB} or
     * {@code /etc/hosts ×24} is not split across lines. A segment longer than a whole line is word-wrapped.
     * A line that breaks after a segment ends with the separator, which tells the reader the line goes on.
     */
    public static String wrapSegments(String firstPrefix, List<String> segments, String separator, String indent,
                               int width) {
        List<List<String>> units = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            List<String> words = new ArrayList<>(words(segments.get(i)));
            if (i < segments.size() - 1) {
                words.add(separator);
            }
            units.add(words);
        }
        StringBuilder out = new StringBuilder();
        fill(out, firstPrefix, units, indent, width);
        return out.toString();
    }

    /**
     * Greedy fill: a unit (words that belong together) goes on the current line if it fits, else on a new line
     * if it fits there, else word by word. Writes one or more {@code \n}-terminated lines without trailing spaces.
     */
    private static void fill(StringBuilder out, String firstPrefix, List<List<String>> units, String indent,
                             int width) {
        StringBuilder line = new StringBuilder(firstPrefix);
        int contentStart = line.length();
        for (List<String> unit : units) {
            int unitLength = String.join(" ", unit).length();
            boolean lineEmpty = line.length() == contentStart;
            if (!lineEmpty && line.length() + 1 + unitLength > width && indent.length() + unitLength <= width) {
                out.append(stripTrailing(line)).append('\n');
                line.setLength(0);
                line.append(indent);
                contentStart = line.length();
            }
            for (String word : unit) {
                if (line.length() > contentStart && line.length() + 1 + word.length() > width) {
                    out.append(stripTrailing(line)).append('\n');
                    line.setLength(0);
                    line.append(indent);
                    contentStart = line.length();
                }
                if (line.length() > contentStart) {
                    line.append(' ');
                }
                line.append(word);
            }
        }
        out.append(stripTrailing(line)).append('\n');
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String stripTrailing(CharSequence line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.subSequence(0, end).toString();
    }
}
