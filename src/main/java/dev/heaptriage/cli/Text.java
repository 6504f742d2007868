package dev.heaptriage.cli;

/** Small text helpers for the command line's own output. */
final class Text {
    private Text() {
    }

    /** Word-wraps {@code text} to {@code width} columns, every line indented by {@code indent} spaces. */
    static String wrap(String text, int indent, int width) {
        String pad = " ".repeat(indent);
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(pad);
        for (String word : text.split("\\s+")) {
            if (line.length() > indent && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(pad);
            }
            if (line.length() > indent) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line);
        return out.toString();
    }
}
