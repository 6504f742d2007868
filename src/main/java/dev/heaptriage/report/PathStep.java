package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.heaptriage.text.Text;
import dev.heaptriage.units.Names;
import java.util.List;

/**
 * One step of a path from an object to a GC root. The first step is the object itself; every later step is the
 * holder of the step before it, with {@code via} saying how it holds it, and the last step says which GC roots it is
 * ({@code roots}). Everything is data; {@link #text()} and {@link #compact()} are the only places that turn it into
 * words, and redaction replaces the thread names it carries without parsing any text.
 *
 * @param className  the holder's class (for a static holder: the class that declares the field)
 * @param address    the holder's address in the dump, or 0 for a class
 * @param simpleName {@link #className} without its package, for compact text
 * @param via        how this step references the step before it ({@link Via#NONE} for the first step)
 * @param roots      the GC roots this step is (the last step only), else empty
 */
public record PathStep(String className, long address, String simpleName, Via via, List<Root> roots) {

    public PathStep {
        via = via == null ? Via.NONE : via;
        roots = roots == null ? List.of() : List.copyOf(roots);
    }

    /** A step with no roots. */
    public PathStep(String className, long address, Via via) {
        this(className, address, Names.simpleName(className), via, List.of());
    }

    /** The marker that stands for {@code n} steps left out of a long path. */
    public static PathStep elided(int n) {
        return new PathStep("… " + n + " more", 0, "…", Via.NONE, List.of());
    }

    /** A frame of a running method: class and method. */
    public record Frame(String className, String method) {
        /** {@code Worker.run}. */
        public String text() {
            return Names.simpleName(className) + "." + method;
        }
    }

    /** How a step holds the step before it. */
    public record Via(Kind kind, String name, int index, Frame frame) {
        public static final Via NONE = new Via(Kind.NONE, null, -1, null);

        /** The kinds of reference a path can pass. */
        public enum Kind { NONE, FIELD, STATIC_FIELD, ELEMENT, LOCAL, UNKNOWN }

        public static Via field(String name) {
            return new Via(Kind.FIELD, name, -1, null);
        }

        public static Via staticField(String name) {
            return new Via(Kind.STATIC_FIELD, name, -1, null);
        }

        public static Via element(int index) {
            return new Via(Kind.ELEMENT, null, index, null);
        }

        public static Via local(Frame frame) {
            return new Via(Kind.LOCAL, null, -1, frame);
        }

        /** {@code .field}, {@code .field (static)}, {@code [3]}, {@code (local in Worker.run)}; empty for none. */
        public String text() {
            return switch (kind) {
                case NONE, UNKNOWN -> "";
                case FIELD -> "." + name;
                case STATIC_FIELD -> "." + name + " (static)";
                case ELEMENT -> index < 0 ? "[?]" : "[" + index + "]";
                case LOCAL -> "(local in " + (frame == null ? "a running method" : frame.text()) + ")";
            };
        }
    }

    /** A GC root a step is. {@code thread} is dump contents (a thread's name): redaction replaces it. */
    public record Root(Kind kind, Text thread, Frame frame, String label) {
        /** The kinds of GC root a person needs to tell apart. */
        public enum Kind { SYSTEM_CLASS, THREAD, JAVA_LOCAL, JNI_LOCAL, JNI_GLOBAL, BUSY_MONITOR, OTHER }

        public Root withThread(Text newThread) {
            return new Root(kind, newThread, frame, label);
        }

        /** {@code system class}, {@code thread 'main'}, {@code local of thread 'main' in Main.run}, ... */
        public String text() {
            return sentence().shown();
        }

        /** {@link #text()} with the thread's name kept a dump string (for a detector's sentence). */
        public Text sentence() {
            Text.Builder of = Text.builder();
            if (thread == null) {
                of.append("a thread");
            } else {
                of.append("thread '").append(thread).append("'");
            }
            String in = frame == null ? "" : " in " + frame.text();
            return switch (kind) {
                case SYSTEM_CLASS -> Text.of("system class");
                case THREAD -> of.build();
                case JAVA_LOCAL -> Text.builder().append("local of ").append(of.build()).append(in).build();
                case JNI_LOCAL -> Text.builder().append("JNI local of ").append(of.build()).append(in).build();
                case JNI_GLOBAL -> Text.of("JNI global");
                case BUSY_MONITOR -> Text.of("monitor in use");
                case OTHER -> Text.of(label == null ? "root" : label);
            };
        }
    }

    /** {@code (thread 'main', system class)} for a root step; empty for the others. */
    public String rootsText() {
        if (roots.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("(");
        for (Root r : roots) {
            sb.append(sb.length() == 1 ? "" : ", ").append(r.text());
        }
        return sb.append(')').toString();
    }

    /** How the step is held, then its roots: {@code .elementData}, {@code (local in Main.run) (thread 'main')}. */
    public String viaText() {
        String v = via.text();
        String r = rootsText();
        return v.isEmpty() ? r : r.isEmpty() ? v : v + " " + r;
    }

    /** The contract form of DESIGN.md §3, e.g. {@code java.util.ArrayList @0x7ff000080 .elementData}. */
    @JsonValue
    public String text() {
        StringBuilder sb = new StringBuilder(className);
        if (address != 0) {
            sb.append(" @0x").append(Long.toHexString(address));
        }
        String v = viaText();
        if (!v.isEmpty()) {
            sb.append(' ').append(v);
        }
        return sb.toString();
    }

    /**
     * A compact form for the text report: {@code ArrayList.elementData}, {@code Object[17]}, {@code Cache.files},
     * {@code Thread (local in Main.run) (thread 'main')}.
     */
    public String compact() {
        String held = switch (via.kind()) {
            case ELEMENT -> simpleName.endsWith("[]") ? simpleName.substring(0, simpleName.length() - 1)
                    + via.text().substring(1) : simpleName + via.text();
            case FIELD, STATIC_FIELD -> simpleName + "." + via.name();
            case LOCAL -> simpleName + " " + via.text();
            case NONE, UNKNOWN -> simpleName;
        };
        String r = rootsText();
        return r.isEmpty() ? held : held + " " + r;
    }

    public PathStep withClassName(String newClassName, String newSimpleName) {
        return new PathStep(newClassName, address, newSimpleName, via, roots);
    }

    public PathStep withRoots(List<Root> newRoots) {
        return new PathStep(className, address, simpleName, via, newRoots);
    }

    /** This step with the thread names of its roots redacted ({@link Text#redacted()}); classes and frames are code. */
    public PathStep redacted() {
        if (roots.stream().allMatch(r -> r.thread() == null)) {
            return this;
        }
        return withRoots(roots.stream().map(r -> r.thread() == null ? r : r.withThread(r.thread().redacted())).toList());
    }
}
