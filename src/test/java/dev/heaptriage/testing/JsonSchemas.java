package dev.heaptriage.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed JSON Schemas of every JSON output ({@code src/main/resources/schema/<output>.schema.json}, draft
 * 2020-12) and a maintained validator for them (networknt json-schema-validator). The test helpers that run the
 * command line ({@code CliRun}, {@code CliProcess}) and make reports ({@link DetectorRuns}) validate every JSON
 * output through {@link #assertValid}, so a field that is not in its schema fails the test that produced it.
 *
 * <p>Adding an output: commit {@code schema/<name>.schema.json}; {@link #outputOf} maps a command line to it
 * ({@code analyze} writes {@code report}, every other command its own name).
 */
public final class JsonSchemas {
    /** The schemas' {@code $id} prefix; mapped to the class path, so a {@code $ref} between them resolves here. */
    public static final String BASE = "https://heaptriage.dev/schema/";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:schema/")));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** The schema of output {@code name} ({@code report}, {@code threads}, ...); fails when none is committed. */
    public static Schema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            if (JsonSchemas.class.getResource("/schema/" + n + ".schema.json") == null) {
                throw new AssertionError("no JSON Schema for the output '" + n + "': commit src/main/resources/schema/"
                        + n + ".schema.json");
            }
            return REGISTRY.getSchema(SchemaLocation.of(BASE + n + ".schema.json"));
        });
    }

    /** What the schema of {@code output} finds wrong with {@code json}; empty when it validates. */
    public static List<String> violations(String output, String json) {
        List<Error> errors = schema(output).validate(json, InputFormat.JSON);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    /** Fails, listing every violation, unless {@code json} validates against the schema of {@code output}. */
    public static void assertValid(String output, String json) {
        List<String> v = violations(output, json);
        if (!v.isEmpty()) {
            throw new AssertionError("the " + output + " JSON does not validate against schema/" + output
                    + ".schema.json:\n  " + String.join("\n  ", v.subList(0, Math.min(20, v.size())))
                    + (v.size() > 20 ? "\n  ... " + (v.size() - 20) + " more" : ""));
        }
    }

    /**
     * The JSON output a command line writes, or null when it writes none: {@code -f json} (or {@code --format json},
     * {@code --format=json}) of {@code analyze} is a {@code report}, of any other command that command's output.
     */
    public static String outputOf(String... args) {
        boolean json = false;
        String command = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-f") || a.equals("--format")) && i + 1 < args.length) {
                json |= args[i + 1].equalsIgnoreCase("json");
            } else if (a.equals("-fjson") || a.equalsIgnoreCase("--format=json") || a.equalsIgnoreCase("-f=json")) {
                json = true;
            } else if (command == null && !a.startsWith("-")) {
                command = a;
            }
        }
        if (!json || command == null || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            return null;
        }
        return command.equals("analyze") ? "report" : command;
    }

    /** The {@code -o FILE} of a command line, or null. */
    public static Path outputFile(String... args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if ((args[i].equals("-o") || args[i].equals("--output")) && !args[i + 1].equals("-")) {
                return Path.of(args[i + 1]);
            }
        }
        return null;
    }

    /**
     * Validates what a finished command line wrote as JSON (its stdout, or its {@code -o} file when that exists),
     * when it succeeded (exit 0 or 1) and writes JSON at all.
     */
    public static void checkRun(int exitCode, String stdout, String... args) {
        String output = outputOf(args);
        if (output == null || exitCode > 1) {
            return;
        }
        Path file = outputFile(args);
        try {
            String json = file == null ? stdout : Files.isRegularFile(file) ? Files.readString(file) : null;
            if (json != null && !json.isBlank()) {
                assertValid(output, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
