package dev.heaptriage.render;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.heaptriage.report.Report;
import java.io.IOException;
import java.io.Writer;

/**
 * The machine-readable report of DESIGN.md §3: Jackson over the report records, so the field names are the
 * record components and their order is the records' {@code @JsonPropertyOrder} ({@code schemaVersion} first).
 *
 * <p>Contract details scripts rely on: absent optional values ({@code wastedBytes}, {@code owner},
 * {@code createdAt}) are written as {@code null}, never dropped; {@code findings}, {@code errors} and
 * {@code warnings} are always arrays, empty when there is nothing; path steps are their
 * {@link dev.heaptriage.report.PathStep#text()} strings. The output is pretty-printed with two-space indents
 * and {@code \n} line ends, and ends with a newline.
 */
public final class JsonRenderer implements Renderer {

    public static final String NAME = "json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // The CLI passes stdout's writer; closing it would silence everything printed afterwards.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension() {
        return "json";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        WRITER.writeValue(out, report);
        out.write('\n');
        out.flush();
    }

    /**
     * A mapper configured like the one that writes reports, for reading a report back as a
     * {@link com.fasterxml.jackson.databind.JsonNode} tree (the CLI's {@code --baseline}, tests). Each call
     * returns a fresh copy, so a caller that reconfigures it cannot change how reports are written.
     */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /** Writes any JSON tree as the report is written (the other commands' JSON outputs), with a final newline. */
    public static void write(com.fasterxml.jackson.databind.JsonNode tree, Writer out) throws IOException {
        WRITER.writeValue(out, tree);
        out.write('\n');
        out.flush();
    }

    /** The writer of reports: pretty-printed as DESIGN.md §3 shows; other JSON formats (SARIF) print the same way. */
    static ObjectWriter writer() {
        return WRITER;
    }

    /**
     * Jackson's default pretty printer writes {@code "key" : value}, puts arrays on one line and uses the
     * platform line separator; DESIGN.md §3 shows {@code "key": value}, and golden files need {@code \n}.
     */
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
