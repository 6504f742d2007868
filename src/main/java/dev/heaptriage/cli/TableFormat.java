package dev.heaptriage.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The formats of {@code threads} and {@code histogram}: {@code text} for people, {@code json} and {@code csv} for tools. */
enum TableFormat {
    TEXT, JSON, CSV;

    /** The names, for shell completion. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).iterator();
        }
    }

    /** Parses {@code -f} with a message that lists the valid names. */
    static final class Converter implements CommandLine.ITypeConverter<TableFormat> {
        @Override
        public TableFormat convert(String value) {
            for (TableFormat f : values()) {
                if (f.name().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("unknown format '" + value + "'; expected one of text, json, csv");
        }
    }

    /** One CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. */
    static void csv(PrintWriter out, List<?> fields) {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            String s = f == null ? "" : String.valueOf(f);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        out.print(sb.append("\r\n"));
    }
}
