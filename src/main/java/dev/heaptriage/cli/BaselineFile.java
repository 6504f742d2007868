package dev.heaptriage.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.heaptriage.load.Messages;
import dev.heaptriage.render.JsonRenderer;
import dev.heaptriage.report.BaselineReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code --baseline REPORT.json} before the analysis starts, so a wrong file fails at once (exit 2) instead of
 * after minutes of parsing: missing, a folder, too large, not JSON, another tool's or another schema version's.
 */
final class BaselineFile {
    /** A JSON report larger than this is not one heaptriage wrote (its evidence is capped). */
    static final long MAX_BYTES = 256L << 20;

    private BaselineFile() {
    }

    /** The baseline at {@code path}; the exception's message is the one error line. */
    static BaselineReport load(Path path) throws BaselineReport.Refused {
        String shown = "'" + path + "'";
        if (!Files.exists(path)) {
            throw new BaselineReport.Refused("baseline " + shown + " does not exist; expected the JSON report "
                    + "(-f json) of an earlier run");
        }
        if (!Files.isRegularFile(path)) {
            throw new BaselineReport.Refused("baseline " + shown + " is not a file; expected the JSON report "
                    + "(-f json) of an earlier run");
        }
        JsonNode root;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new BaselineReport.Refused("baseline " + shown + " is " + dev.heaptriage.units.Units.bytes(
                        Files.size(path)) + "; a heaptriage JSON report is far smaller, expected one");
            }
            try (InputStream in = Files.newInputStream(path)) {
                root = JsonRenderer.mapper().readTree(in);
            }
        } catch (JacksonException e) {
            throw new BaselineReport.Refused("baseline " + shown + " is not a heaptriage JSON report: it is not "
                    + "valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new BaselineReport.Refused("cannot read baseline " + shown + ": " + Messages.reason(e));
        }
        return BaselineReport.read(path.toString(), root);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
