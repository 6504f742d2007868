package dev.heaptriage.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of {@link Text} and {@link DumpString} in the analysis cache ({@link ReportStore}): a cached report
 * is redacted later ({@code --redact} is no part of the cache key), so dump strings must come back as dump strings.
 * A text is an array of parts: a string for words, {@code {"d": contents, "r": readable}} for a dump string,
 * {@code {"x": length}} for a redacted one; a dump string in evidence attributes is {@code {"$dump": contents,
 * "r": readable}}, turned back by {@link #restoreAttributes}.
 */
final class StoredTexts {
    private static final String DUMP = "$dump";

    private StoredTexts() {
    }

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("stored-texts");
        m.addSerializer(Text.class, new JsonSerializer<>() {
            @Override
            public void serialize(Text t, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartArray();
                for (Text.Part part : t.parts()) {
                    if (part instanceof Text.Words w) {
                        g.writeString(w.text());
                    } else if (part instanceof Text.Dump d) {
                        g.writeStartObject();
                        g.writeStringField("d", d.value().contents());
                        g.writeBooleanField("r", d.value().readable());
                        g.writeEndObject();
                    } else if (part instanceof Text.Redacted r) {
                        g.writeStartObject();
                        g.writeNumberField("x", r.length());
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            }
        });
        m.addDeserializer(Text.class, new JsonDeserializer<>() {
            @Override
            public Text deserialize(JsonParser p, DeserializationContext c) throws IOException {
                JsonNode n = p.readValueAsTree();
                if (n.isTextual()) {
                    return Text.of(n.asText());
                }
                List<Text.Part> parts = new ArrayList<>();
                for (JsonNode e : n) {
                    if (e.isTextual()) {
                        parts.add(new Text.Words(e.asText()));
                    } else if (e.has("d")) {
                        parts.add(new Text.Dump(DumpString.restore(e.get("d").asText(), e.path("r").asBoolean())));
                    } else {
                        parts.add(new Text.Redacted(e.path("x").asInt()));
                    }
                }
                return Text.ofParts(parts);
            }
        });
        m.addSerializer(DumpString.class, new JsonSerializer<>() {
            @Override
            public void serialize(DumpString d, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartObject();
                g.writeStringField(DUMP, d.contents());
                g.writeBooleanField("r", d.readable());
                g.writeEndObject();
            }
        });
        return m;
    }

    /** {@code report} with the stored dump strings of its evidence attributes turned back into {@link DumpString}s. */
    static Report restoreAttributes(Report report) {
        List<Finding> findings = report.findings().stream().map(f -> f.withEvidence(f.evidence().stream()
                .map(e -> new Evidence(e.objectId(), e.className(), e.shallowBytes(), e.retainedBytes(),
                        restore(e.attributes()), e.pathToGcRoot())).toList())).toList();
        return report.withFindings(findings);
    }

    private static Map<String, Object> restore(Map<String, Object> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, restoreValue(v)));
        return out;
    }

    private static Object restoreValue(Object v) {
        if (v instanceof Map<?, ?> m && m.get(DUMP) instanceof String s) {
            return DumpString.restore(s, Boolean.TRUE.equals(m.get("r")));
        }
        if (v instanceof List<?> l) {
            return l.stream().map(StoredTexts::restoreValue).toList();
        }
        return v;
    }
}
