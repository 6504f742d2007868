package dev.heaptriage.testing;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.text.DumpString;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every string a dump holds, read from the heap itself (not from what a report registered): the value of every
 * {@code java.lang.String} in the heap (system properties, paths, peers, names and values alike) and every thread's
 * name. {@link #secrets} leaves out only what a report may show under {@code --redact}:
 * <ul>
 *   <li>strings of at most {@value #SHORT} characters, which any text holds by chance ({@code "a"}, {@code "UTF"});
 *   <li>numbers ({@code 1024}, {@code 1.5}), which counts and sizes print too, and {@code true}, {@code false},
 *       {@code null}, which formats print for attribute values;
 *   <li>code names of the dump's class model: every class's name, its simple name and its packages, every field
 *       name, and every frame's method name and source file (code, not data: they stay readable);
 *   <li>the names the JDK gives its own threads ({@link DumpString#isJdkThreadName}: {@code main}, {@code Finalizer}
 *       ...), readable by design, and the names the JDK gives its system properties
 *       ({@link dev.heaptriage.report.JvmOverview#isJdkPropertyName}: {@code java.version}, {@code user.dir} ...);
 *   <li>strings that are part of heaptriage's own words: a substring of a string constant of its classes (a heap
 *       string {@code "thread"} or {@code "finalize()"} is also a word of the tool's sentences), also once the
 *       punctuation around them is taken off ({@code " stack="} is the Markdown form of the attribute
 *       {@code stack});
 *   <li>strings that are part of code, also once the punctuation around them is taken off: of a class or field
 *       name ({@code "$$Lambda$"}, which the JDK keeps as a string, is part of every lambda class's name;
 *       {@code " TaskRunner"}; {@code "discover"} of the field {@code discovered}), of a class's source file
 *       ({@code Cache.java}), of a stack frame as reports print it ({@code "Unknown Source)"}), or of a JDK thread's
 *       own name ({@code "pool-1-thread-"});
 *   <li>strings of letters and spaces only whose every word is one of the above ({@code "Client connection"},
 *       which the tool writes as {@code "Apache HttpClient connection pool"}): paths, peers, names with digits or
 *       punctuation are always checked whole;
 *   <li>strings that are part of the dump file's own path (a scenario is given the path it dumps to; the report
 *       names the file the user gave, not the dump's contents).
 * </ul>
 * The last two are checked only for the strings found in a report ({@link #isExcusable}), the rest up front.
 */
public final class DumpStrings {
    /** Strings this short or shorter are left out. */
    public static final int SHORT = 3;

    private final Set<String> all = new LinkedHashSet<>();
    private final Set<String> codeNames = new HashSet<>();
    /** Class names, frames as printed and the JDK's own thread names: code a dump string may be part of. */
    private final List<String> codeTexts = new java.util.ArrayList<>();
    private String dumpPath = "";

    private DumpStrings() {
    }

    /** The strings of {@code heap} and its code names. */
    public static DumpStrings of(HeapView heap) {
        DumpStrings d = new DumpStrings();
        d.dumpPath = String.valueOf(heap.facts().path());
        for (HeapClass c : heap.allClasses()) {
            String name = c.name();
            d.codeTexts.add(name);
            d.codeTexts.add(dev.heaptriage.report.CodeLocation.sourcePath(name, null));
            d.codeTexts.addAll(c.declaredFieldNames());
            d.codeTexts.addAll(c.staticFieldNames());
            // A path step prints a class and its field as one word ("InputStream.in"): a part of it is code too.
            for (String f : c.declaredFieldNames()) {
                d.codeTexts.add(name + "." + f);
            }
            for (String f : c.staticFieldNames()) {
                d.codeTexts.add(name + "." + f);
            }
            d.codeNames.add(name);
            d.codeNames.add(c.simpleName());
            d.codeNames.add(name.substring(name.lastIndexOf('.') + 1));
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                d.codeNames.add(name.substring(0, dot));
            }
            d.codeNames.addAll(c.declaredFieldNames());
            d.codeNames.addAll(c.staticFieldNames());
            if (name.equals("java.lang.String")) {
                for (int id : c.instanceIds()) {
                    DumpString s = heap.string(id);
                    if (s != null) {
                        d.all.add(s.contents());
                    }
                }
            }
        }
        for (String s : d.all) {
            if (dev.heaptriage.report.JvmOverview.isJdkPropertyName(s)) {
                d.codeTexts.add(s); // readable by design, like a JDK thread's name: a part of it is no leak either
            }
        }
        for (HeapThread t : heap.threads()) {
            d.all.add(t.name().contents());
            if (t.name().readable()) {
                d.codeTexts.add(t.name().contents());
            }
            for (StackFrame f : t.frames()) {
                d.codeTexts.add(f.text());
                d.codeNames.add(f.methodName());
                d.codeNames.add(f.location());
                d.codeNames.add(f.className() + "." + f.methodName());
            }
        }
        return d;
    }

    /** Every string read, unfiltered. */
    public Set<String> all() {
        return all;
    }

    /** The strings a redacted report must not show (see the class comment for what is left out). */
    public Set<String> secrets() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : all) {
            if (s.length() > SHORT && !s.matches("[-+0-9.,:%x ]+|true|false|null") && !codeNames.contains(s)
                    && !DumpString.isJdkThreadName(s) && !dev.heaptriage.report.JvmOverview.isJdkPropertyName(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Whether {@code s}, found in a report, is there for another reason than being a dump string: it is part of
     * heaptriage's own words (a string constant of its classes), of a class name, or of the dump file's path.
     */
    public boolean isExcusable(String s) {
        String core = s.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
        if (core.length() <= SHORT || dumpPath.contains(s) || isWordOrCode(s) || isWordOrCode(core)) {
            return true;
        }
        return core.matches("[\\p{L} ]+") && java.util.Arrays.stream(core.split(" +")).allMatch(this::isWordOrCode);
    }

    private boolean isWordOrCode(String s) {
        return TOOL_WORDS.contains(s) || codeTexts.stream().anyMatch(n -> n.contains(s));
    }

    private static final String TOOL_WORDS = toolWords();

    /** The UTF-8 constants of every class of heaptriage's main code, one a line. */
    private static String toolWords() {
        try {
            Path classes = Path.of(dev.heaptriage.detect.Analyzer.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            StringBuilder sb = new StringBuilder();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        for (String c : utf8Constants(new DataInputStream(in))) {
                            sb.append(c).append('\n');
                        }
                    }
                }
            }
            return sb.toString();
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot read heaptriage's classes", e);
        }
    }

    /** The CONSTANT_Utf8 entries of a class file's constant pool (JVMS §4.4). */
    static List<String> utf8Constants(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }
}
