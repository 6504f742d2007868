package dev.heaptriage.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An earlier JSON report read for {@code --baseline}: who wrote it, which dump it was about, and its findings. Only
 * a heaptriage report of {@link Report#SCHEMA_VERSION} is accepted; anything else is refused with the reason, since
 * comparing fingerprints of another tool or schema would call every finding new (or hide real ones).
 */
public record BaselineReport(String path, String toolVersion, String createdAt, String dumpPath,
                             List<BaselineFinding> findings) {

    public BaselineReport {
        findings = List.copyOf(findings);
    }

    /** The tool name a baseline must carry in {@code tool.name}. */
    public static final String TOOL = "heaptriage";

    /** A file that is not a baseline heaptriage can compare with; the message says what was expected and found. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** The {@code baseline} object of a report compared with this one. */
    public Baseline describe() {
        return new Baseline(path, createdAt, dumpPath);
    }

    /**
     * Reads the JSON tree of the report at {@code path} (as given on the command line, for messages and
     * {@code baseline.path}).
     *
     * @throws Refused for another tool's file, another schema version, or a report whose findings cannot be read
     */
    public static BaselineReport read(String path, JsonNode root) throws Refused {
        String shown = "'" + path + "'";
        if (root == null || !root.isObject()) {
            throw new Refused("baseline " + shown + " is not a heaptriage JSON report: expected a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode tool = root.path("tool").path("name");
        if (!tool.isTextual()) {
            throw new Refused("baseline " + shown + " is not a heaptriage JSON report: it has no tool.name"
                    + (root.has("runs") ? " (it looks like a SARIF log; pass the report of -f json)" : ""));
        }
        if (!TOOL.equals(tool.asText())) {
            throw new Refused("baseline " + shown + " was written by '" + tool.asText() + "', not by heaptriage; "
                    + "pass a JSON report of heaptriage (-f json)");
        }
        JsonNode schema = root.path("schemaVersion");
        if (!schema.isInt() || schema.asInt() != Report.SCHEMA_VERSION) {
            throw new Refused("baseline " + shown + " has schemaVersion " + (schema.isMissingNode() ? "(none)"
                    : schema.toString()) + "; this heaptriage compares with schemaVersion " + Report.SCHEMA_VERSION
                    + " reports only (make a new baseline with this version)");
        }
        JsonNode findings = root.path("findings");
        if (!findings.isArray()) {
            throw new Refused("baseline " + shown + " has no findings array");
        }
        List<BaselineFinding> out = new ArrayList<>();
        int i = 0;
        for (JsonNode f : findings) {
            JsonNode fingerprint = f.path("fingerprint");
            JsonNode detector = f.path("detector");
            if (!fingerprint.isTextual() || !detector.isTextual()) {
                throw new Refused("baseline " + shown + ": finding " + i + " has no detector or fingerprint");
            }
            Severity severity;
            try {
                severity = Severity.parse(f.path("severity").asText(""));
            } catch (IllegalArgumentException e) {
                throw new Refused("baseline " + shown + ": finding " + i + " has severity " + f.path("severity")
                        + "; " + e.getMessage());
            }
            out.add(new BaselineFinding(detector.asText(), fingerprint.asText(), severity,
                    f.path("title").asText(""), f.path("count").asLong(0), f.path("retainedBytes").asLong(0)));
            i++;
        }
        JsonNode dump = root.path("dump");
        return new BaselineReport(path, root.path("tool").path("version").asText(null),
                textOrNull(dump.path("createdAt")), textOrNull(dump.path("path")), out);
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
