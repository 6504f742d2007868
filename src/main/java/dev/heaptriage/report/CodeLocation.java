package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.heaptriage.units.Names;

/**
 * Where in the application's source a finding points: the running method (a frame of a thread's stack, with its
 * line) or the class that holds the leak (its static or instance field; no line, the dump has none). Code names only,
 * never dump contents.
 *
 * @param className the class, binary name ({@code com.acme.Cache$Entry})
 * @param method    the method of the frame, or null for a class
 * @param path      the source file relative to the source root: the package's folders and the file name the class
 *                  file records ({@code com/acme/Cache.java}), prefixed by {@code --source-root} when given
 * @param line      the frame's line, or null when the dump has none (a class, a native or compiled frame)
 */
@JsonPropertyOrder({"className", "method", "path", "line"})
public record CodeLocation(String className, String method, String path, Integer line) {

    /** {@code com/acme/Cache.java:71 (Cache.load)} or {@code com/acme/Cache.java (com.acme.Cache)}. */
    public String text() {
        String where = line == null ? path : path + ":" + line;
        return where + " (" + (method == null ? className : Names.simpleName(className) + "." + method) + ")";
    }

    /** This location with its path under {@code root} ({@code src/main/java}); a blank root changes nothing. */
    public CodeLocation under(String root) {
        if (root == null || root.isBlank()) {
            return this;
        }
        String r = root.replace('\\', '/');
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return new CodeLocation(className, method, r.isEmpty() ? path : r + "/" + path, line);
    }

    /**
     * The source path of {@code className} in a file named {@code sourceFile} (as a frame's location gives it), or
     * of its top-level class ({@code Outer.java} for {@code Outer$Inner}) when the file is unknown.
     */
    public static String sourcePath(String className, String sourceFile) {
        int dot = className.lastIndexOf('.');
        String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        String file = sourceFile;
        if (file == null || file.isBlank()) {
            String simple = className.substring(dot + 1);
            int dollar = simple.indexOf('$');
            file = (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
        }
        return dir + file;
    }
}
