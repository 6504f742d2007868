package dev.heaptriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heaptriage.render.JsonRenderer;
import dev.heaptriage.report.DumpSummary;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ToolInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The JSON output of every command besides {@code analyze}'s report: like the report, it starts with
 * {@code schemaVersion}, {@code tool} and {@code dump} (the report's {@code dump} shape; null for a command that reads
 * none) and, for a command that reads a dump, its {@code warnings} (what a damaged dump lacks, as in the report),
 * followed by the command's own fields. The JSON Schema of each is {@code schema/<command>.schema.json}.
 */
final class JsonOutput {
    private JsonOutput() {
    }

    /** Writes the envelope, then every field of {@code payload} (a record or map), pretty-printed like the report. */
    static void write(PrintWriter out, DumpSummary dump, Object payload) throws IOException {
        write(out, dump, null, payload);
    }

    /** {@link #write(PrintWriter, DumpSummary, Object)} with the load's {@code warnings} after {@code dump}. */
    static void write(PrintWriter out, DumpSummary dump, List<String> warnings, Object payload) throws IOException {
        var mapper = JsonRenderer.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", Report.SCHEMA_VERSION);
        root.set("tool", mapper.valueToTree(new ToolInfo(Version.NAME, Version.get())));
        root.set("dump", mapper.valueToTree(dump));
        if (warnings != null) {
            root.set("warnings", mapper.valueToTree(warnings));
        }
        JsonNode body = mapper.valueToTree(payload);
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            root.set(field.getKey(), field.getValue());
        }
        JsonRenderer.write(root, out);
        out.flush();
    }
}
