package dev.heaptriage.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heaptriage.report.BaselineDelta;
import dev.heaptriage.report.BaselineStatus;
import dev.heaptriage.report.CodeLocation;
import dev.heaptriage.report.DetectorDescriptor;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 (OASIS), the format code scanning reads (GitHub, GitLab, IDE viewers): one run of heaptriage, one rule
 * per detector that ran (id, name, the detector's title, description and remediation), one result per finding with
 * its level ({@link SeverityLabels#sarif}), its fingerprint as {@code partialFingerprints}, and a location in the
 * application's code when the evidence shows one (a frame with its line, or the class that holds the leak, at its
 * first line), else the heap dump itself ({@link #dumpLocation}: code scanning needs a location in every result).
 * With a baseline each result has its {@code baselineState}. Detector errors and warnings are
 * notifications of the invocation. The report's numbers are in each result's {@code properties}.
 *
 * <p>Dump strings appear only as the report has them (after {@code --redact}); JSON escaping is Jackson's.
 */
public final class SarifRenderer implements Renderer {

    public static final String NAME = "sarif";
    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    /** The key of the fingerprint in {@code partialFingerprints}; the version changes only if fingerprints do. */
    static final String FINGERPRINT_KEY = "heaptriageFingerprint/v1";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The project's home (the pom's url), the driver's {@code informationUri}. */
    static final String INFORMATION_URI = informationUri();

    private static String informationUri() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = SarifRenderer.class.getResourceAsStream("/dev/heaptriage/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // the default below
        }
        String url = p.getProperty("url", "");
        return url.startsWith("http") ? url : "https://heaptriage.dev";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension() {
        return "sarif";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        JsonRenderer.writer().writeValue(out, log(report));
        out.write('\n');
        out.flush();
    }

    static ObjectNode log(Report report) {
        ObjectNode log = JSON.objectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", report.tool() == null ? "heaptriage" : report.tool().name());
        if (report.tool() != null && !Formats.isBlank(report.tool().version())) {
            driver.put("version", report.tool().version());
        }
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode rules = driver.putArray("rules");
        for (DetectorDescriptor d : descriptors(report)) {
            ruleIndex.put(d.id(), rules.size());
            rules.add(rule(d));
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.errors().isEmpty());
        ArrayNode notes = JSON.arrayNode();
        for (DetectorError e : report.errors()) {
            ObjectNode n = notes.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", "detector " + e.detector() + " failed: " + Formats.message(e));
            n.putObject("associatedRule").put("id", e.detector());
        }
        for (String w : report.warnings()) {
            ObjectNode n = notes.addObject();
            n.put("level", "warning");
            n.putObject("message").put("text", w);
        }
        if (!notes.isEmpty()) {
            invocation.set("toolExecutionNotifications", notes);
        }
        ArrayNode results = run.putArray("results");
        String dump = report.dump() == null ? null : Formats.fileName(report.dump().path());
        for (Finding f : report.findings()) {
            results.add(result(f, ruleIndex.get(f.detector()), report.baseline() != null, dump));
        }
        run.put("columnKind", "utf16CodeUnits");
        if (report.dump() != null) {
            ObjectNode props = run.putObject("properties");
            props.put("dump", Formats.fileName(report.dump().path()));
            props.put("usedHeapBytes", report.dump().usedHeapBytes());
            if (report.baseline() != null) {
                props.put("baseline", Formats.fileName(report.baseline().path()));
                props.put("resolved", report.resolved().size());
            }
        }
        return log;
    }

    /** The detectors that ran, then any detector a finding names that the report does not describe. */
    private static List<DetectorDescriptor> descriptors(Report report) {
        Map<String, DetectorDescriptor> out = new LinkedHashMap<>();
        report.detectors().forEach(d -> out.put(d.id(), d));
        for (Finding f : report.findings()) {
            out.putIfAbsent(f.detector(), new DetectorDescriptor(f.detector(), f.detector(), f.severity(), "", ""));
        }
        return new ArrayList<>(out.values());
    }

    private static ObjectNode rule(DetectorDescriptor d) {
        ObjectNode r = JSON.objectNode();
        r.put("id", d.id());
        r.put("name", ruleName(d.id()));
        r.putObject("shortDescription").put("text", Formats.isBlank(d.title()) ? d.id() : d.title());
        if (!Formats.isBlank(d.description())) {
            r.putObject("fullDescription").put("text", d.description());
        }
        if (!Formats.isBlank(d.remediation())) {
            r.putObject("help").put("text", d.remediation());
        }
        r.putObject("defaultConfiguration").put("level", SeverityLabels.sarif(d.defaultSeverity()));
        r.putObject("properties").putArray("tags").add("memory").add("leak");
        return r;
    }

    /** {@code unclosed-fd} becomes {@code UnclosedFd}: SARIF's rule names are identifiers. */
    static String ruleName(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static ObjectNode result(Finding f, Integer ruleIndex, boolean compared, String dump) {
        ObjectNode r = JSON.objectNode();
        r.put("ruleId", f.detector());
        if (ruleIndex != null) {
            r.put("ruleIndex", ruleIndex);
        }
        r.put("level", SeverityLabels.sarif(f.severity()));
        StringBuilder text = new StringBuilder(f.title().shown());
        if (!Formats.isBlank(f.summary())) {
            text.append("\n\n").append(f.summary().shown());
        }
        if (!Formats.isBlank(f.owner())) {
            text.append("\n\nOwner: ").append(f.owner().shown());
        }
        if (!Formats.isBlank(f.remediation())) {
            text.append("\n\nFix: ").append(f.remediation());
        }
        r.putObject("message").put("text", text.toString());
        r.putArray("locations").add(f.location() != null ? location(f.location()) : dumpLocation(dump));
        r.putObject("partialFingerprints").put(FINGERPRINT_KEY, f.fingerprint());
        if (compared && f.baselineDelta() != null) {
            r.put("baselineState", baselineState(f.baselineDelta()));
        }
        ObjectNode p = r.putObject("properties");
        p.put("severity", f.severity().id());
        p.put("fingerprint", f.fingerprint());
        p.put("count", f.count());
        p.put("retainedBytes", f.retainedBytes());
        if (f.wastedBytes() != null) {
            p.put("wastedBytes", f.wastedBytes());
        }
        if (f.countDelta() != null) {
            p.put("countDelta", f.countDelta());
            p.put("bytesDelta", f.bytesDelta());
            p.put("grown", f.grown());
        }
        return r;
    }

    /** SARIF's words: a new finding is {@code new}, a persisting one {@code unchanged} or {@code updated}. */
    static String baselineState(BaselineDelta d) {
        if (d.status() == BaselineStatus.NEW) {
            return "new";
        }
        return d.countDelta() == 0 && d.bytesDelta() == 0 ? "unchanged" : "updated";
    }

    private static ObjectNode location(CodeLocation at) {
        ObjectNode loc = JSON.objectNode();
        ObjectNode physical = loc.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(at.path()));
        // Code scanning needs a line to show an alert; a class (the holder of a field) points at its file's top.
        physical.putObject("region").put("startLine", at.line() == null ? 1 : at.line());
        ObjectNode logical = loc.putArray("logicalLocations").addObject();
        logical.put("fullyQualifiedName", at.method() == null ? at.className() : at.className() + "." + at.method());
        logical.put("kind", at.method() == null ? "type" : "function");
        if (at.line() == null) {
            loc.putObject("message").put("text", "class " + at.className() + " (the dump records no line for a field)");
        }
        return loc;
    }

    /**
     * Where a finding points when no application class holds it (a pool of a library, threads nobody owns): the heap
     * dump, by its file name as a relative URI at line 1. Code scanning requires a location with a region in every
     * result (the GitHub rules GH1003, GH1015, GH1017, GH2012); a file that is not in the repository still makes an
     * alert, shown without source.
     */
    static ObjectNode dumpLocation(String dumpFileName) {
        String name = Formats.isBlank(dumpFileName) ? "heap-dump.hprof" : dumpFileName;
        ObjectNode loc = JSON.objectNode();
        ObjectNode physical = loc.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(name));
        physical.putObject("region").put("startLine", 1);
        loc.putObject("message").put("text", "the heap dump " + name + ": no application class holds this finding");
        return loc;
    }

    /** A relative path as a URI reference: unreserved characters and {@code /} stay, everything else is %-encoded. */
    static String uri(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }
}
