package dev.heaptriage.render;

import dev.heaptriage.report.Finding;
import dev.heaptriage.text.Text;

/**
 * The one escaping of non-printable characters for text that ends up on a terminal or in a Markdown file. Dump
 * strings (thread names, paths, values) are whatever the application put in them: an ESC or BEL can retitle or
 * repaint a terminal, a carriage return or newline can forge a report line, a bidirectional override can make
 * text read backwards. Every such character becomes a visible escape: {@code \n}, {@code \r}, {@code \t},
 * {@code \e} for ESC, else {@code \xHH} below U+0100 or {@code \}{@code uHHHH} above.
 *
 * <p>Non-printable means: control characters (C0, DEL, C1), format characters (bidirectional controls,
 * zero-width characters), line and paragraph separators, and surrogates that are not part of a pair.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every non-printable character escaped; null stays null. */
    public static String escape(String text) {
        if (text == null || printable(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        append(sb, text, false);
        return sb.toString();
    }

    /**
     * Like {@link #escape} for the tool's own prose laid out in lines (a stack under a sentence): its line breaks
     * stay, every other non-printable character is escaped.
     */
    public static String escapeKeepingLines(String text) {
        if (text == null || printable(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        append(sb, text, true);
        return sb.toString();
    }

    /**
     * A text for a terminal or a Markdown file: every dump string it quotes escaped whole (a line break inside a
     * thread name shows as {@code \n}), the detector's own line breaks kept; null stays null.
     */
    public static String lines(Text text) {
        return text == null ? null : escapeKeepingLines(text.shown(Printable::escape));
    }

    /** A one-line text for a terminal or a Markdown file: everything escaped, line breaks too; null stays null. */
    public static String line(Text text) {
        return text == null ? null : escape(text.shown());
    }

    /** A finding's summary for text and Markdown ({@link #lines}). */
    public static String summary(Finding f) {
        return lines(f.summary());
    }

    /** True when {@code text} has nothing to escape. */
    static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && needsEscape(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder sb, String text, boolean keepNewlines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (keepNewlines && c == '\n') {
                sb.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = text.codePointAt(i);
                if (nonPrintable(cp)) {
                    sb.append(String.format("\\u{%X}", cp));
                } else {
                    sb.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (c >= 0x20 && c < 0x7f || !needsEscape(text, i)) {
                sb.append(c);
            } else {
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case 0x1b -> sb.append("\\e");
                    default -> sb.append(c < 0x100 ? String.format("\\x%02X", (int) c)
                            : String.format("\\u%04X", (int) c));
                }
            }
        }
    }

    private static boolean needsEscape(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    || nonPrintable(text.codePointAt(i));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return nonPrintable(c);
    }

    private static boolean nonPrintable(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
