package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.text.DumpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The everyday part of OQL without a language to learn ({@code heaptriage objects}): values of objects by dotted
 * field paths, and a filter of comparisons joined by {@code and}/{@code or} (with parentheses).
 *
 * <p>A path is field names separated by dots, following references ({@code session.user.name}); its last segment may
 * be {@code size()} (the elements of a JDK collection or map, as the detectors count them) or {@code length} (of an
 * array). {@code @id}, {@code @class}, {@code @shallow} and {@code @retained} are the object's own facts. A value is a
 * number, a boolean, a character, a string (a {@code String} object decoded), an object ({@code Class @0x...}) or
 * null (a null reference, or a path that does not apply to the object).
 *
 * <p>A comparison is {@code path OP literal}: {@code =}, {@code !=}, {@code <}, {@code >}, {@code <=}, {@code >=}
 * compare numbers as numbers and anything else as text; {@code ~} is true when the value's text contains a match of a
 * regular expression. A literal is a number, a quoted string ({@code 'x'} or {@code "x"}), {@code true},
 * {@code false} or {@code null}.
 */
public final class ObjectQuery {
    private final HeapView heap;

    public ObjectQuery(HeapView heap) {
        this.heap = heap;
    }

    /** A filter that cannot be parsed: its message says where and what was expected. */
    public static final class SyntaxException extends Exception {
        public SyntaxException(String message) {
            super(message);
        }
    }

    /** A parsed filter. */
    public interface Filter {
        boolean test(ObjectQuery q, HeapObject o);
    }

    /** The value of {@code path} for object {@code o} (see the class comment); null when it does not apply. */
    public Object value(HeapObject o, String path) {
        switch (path) {
            case "@id":
                return Evidence.objectId(o.address());
            case "@class":
                return o.className();
            case "@shallow":
                return o.shallowBytes();
            case "@retained":
                return o.retainedBytes();
            default:
                break;
        }
        Object current = o;
        for (String segment : path.split("\\.", -1)) {
            if (!(current instanceof HeapObject obj)) {
                return null;
            }
            if (segment.equals("size()")) {
                long n = Collections.elementCount(heap, obj);
                current = n < 0 ? null : n;
            } else if (segment.equals("length") && obj.isArray()) {
                current = (long) obj.length();
            } else if (obj.hasField(segment)) {
                current = obj.value(segment);
            } else {
                return null;
            }
        }
        return shown(current);
    }

    /**
     * Text that comes from the dump's contents (a decoded {@code String}, a {@code char}): what {@code --redact}
     * replaces, unlike an object's class and address.
     */
    public record DumpText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A value as the output shows it: strings decoded, other objects as {@code Class @0x...}. */
    private Object shown(Object v) {
        if (v instanceof HeapObject obj) {
            DumpString s = heap.string(obj.id());
            // not a sentence: a value of the table, kept apart as DumpText for --redact
            return s != null ? new DumpText(s.contents()) : obj.className() + " @" + Evidence.objectId(obj.address());
        }
        if (v instanceof Character c) {
            return new DumpText(String.valueOf(c));
        }
        return v;
    }

    /** Parses a filter ({@code --where}). */
    public static Filter parse(String expression) throws SyntaxException {
        Parser p = new Parser(expression);
        Filter f = p.or();
        p.skip();
        if (p.pos < p.text.length()) {
            throw p.error("unexpected '" + p.text.substring(p.pos) + "'");
        }
        return f;
    }

    /** The text of a value for comparison and {@code ~}. */
    static String text(Object v) {
        return v == null ? "null" : String.valueOf(v);
    }

    static boolean compare(Object value, String op, Object literal) {
        if (op.equals("~")) {
            return value != null && ((Pattern) literal).matcher(text(value)).find();
        }
        if (literal == null || value == null) {
            boolean same = literal == value;
            return switch (op) {
                case "=" -> same;
                case "!=" -> !same;
                default -> false;
            };
        }
        int c;
        if (value instanceof Number a && literal instanceof Number b) {
            c = Double.compare(a.doubleValue(), b.doubleValue());
        } else if (value instanceof Boolean a && literal instanceof Boolean b) {
            c = Boolean.compare(a, b);
        } else {
            c = text(value).compareTo(text(literal));
        }
        return switch (op) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            case ">=" -> c >= 0;
            default -> false;
        };
    }

    /** Recursive descent over {@code or := and ('or' and)*; and := atom ('and' atom)*; atom := '(' or ')' | cmp}. */
    private static final class Parser {
        final String text;
        int pos;

        Parser(String text) {
            this.text = text;
        }

        SyntaxException error(String what) {
            return new SyntaxException("--where: " + what + " at character " + (pos + 1) + " of '" + text + "'");
        }

        void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean keyword(String word) {
            skip();
            int end = pos + word.length();
            if (text.regionMatches(true, pos, word, 0, word.length())
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        Filter or() throws SyntaxException {
            Filter left = and();
            while (keyword("or")) {
                Filter a = left;
                Filter b = and();
                left = (q, o) -> a.test(q, o) || b.test(q, o);
            }
            return left;
        }

        Filter and() throws SyntaxException {
            Filter left = atom();
            while (keyword("and")) {
                Filter a = left;
                Filter b = atom();
                left = (q, o) -> a.test(q, o) && b.test(q, o);
            }
            return left;
        }

        Filter atom() throws SyntaxException {
            skip();
            if (pos < text.length() && text.charAt(pos) == '(') {
                pos++;
                Filter f = or();
                skip();
                if (pos >= text.length() || text.charAt(pos) != ')') {
                    throw error("expected ')'");
                }
                pos++;
                return f;
            }
            String path = path();
            String op = operator();
            Object literal = literal();
            if (op.equals("~")) {
                try {
                    literal = Pattern.compile(ObjectQuery.text(literal));
                } catch (PatternSyntaxException e) {
                    throw error("'~' needs a regular expression, " + e.getDescription());
                }
            }
            Object lit = literal;
            return (q, o) -> compare(q.value(o, path), op, lit);
        }

        String path() throws SyntaxException {
            skip();
            int start = pos;
            while (pos < text.length() && (Character.isJavaIdentifierPart(text.charAt(pos))
                    || ".@()".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a field path");
            }
            return text.substring(start, pos);
        }

        String operator() throws SyntaxException {
            skip();
            for (String op : List.of("!=", "<=", ">=", "=", "<", ">", "~")) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            throw error("expected one of = != < > <= >= ~");
        }

        Object literal() throws SyntaxException {
            skip();
            if (pos >= text.length()) {
                throw error("expected a value");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String s = text.substring(pos + 1, end);
                pos = end + 1;
                return s;
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != ')') {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word.toLowerCase(Locale.ROOT)) {
                case "null":
                    return null;
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                default:
                    break;
            }
            try {
                return word.contains(".") ? (Object) Double.parseDouble(word) : (Object) Long.parseLong(word);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected a number, a quoted string, true, false or null");
            }
        }
    }

    /** The default columns when no {@code --fields} are given: none besides the object's own facts. */
    public static List<String> columns(List<String> fields) {
        return fields == null ? new ArrayList<>() : new ArrayList<>(fields);
    }
}
