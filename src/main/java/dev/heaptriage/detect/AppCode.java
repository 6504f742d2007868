package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.libs.KnownLibraries;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which classes are the application's, as opposed to the JDK's or a library's: the owner of a leak is the nearest
 * holder in application code (DESIGN.md §4 "Owner").
 *
 * <p>With {@code --app-packages} the user says it: a class is the application's exactly when it lies in one of those
 * packages (an application that lives under a library's prefix, {@code org.apache.myapp}, needs it). Without it,
 * the dump says it: JDK classes are never the application's (by name, and any class in a package of which the
 * bootstrap loader defined a class: {@code org.w3c.dom}), a class under a well-known library prefix
 * ({@link KnownLibraries}) is a library's, and every other class is the application's. {@link #packages()} then lists
 * the application's packages as the entry frames of the running threads show them (the bottom-most frame of each
 * stack whose class is neither the JDK's nor a library's: {@code com.acme.Main.main}, a worker's
 * {@code com.acme.Job.run}), for the report to say what it took as application code. Array classes count as their
 * element class; lambda classes as the class that wrote them.
 */
public final class AppCode {
    /** How many leading package segments of an entry frame's class name the application's package: {@code com.acme}. */
    private static final int ROOT_SEGMENTS = 2;

    private final List<String> packages;
    private final boolean explicit;
    /** Packages of classes the bootstrap loader defined whose names do not look like the JDK's ({@code org.w3c.dom}). */
    private final java.util.Set<String> bootstrapPackages;

    private AppCode(List<String> packages, boolean explicit) {
        this(packages, explicit, java.util.Set.of());
    }

    private AppCode(List<String> packages, boolean explicit, java.util.Set<String> bootstrapPackages) {
        this.packages = List.copyOf(packages);
        this.explicit = explicit;
        this.bootstrapPackages = java.util.Set.copyOf(bootstrapPackages);
    }

    /** The user's list ({@code --app-packages com.acme,org.foo}); each entry is a package name or prefix. */
    public static AppCode of(List<String> packages) {
        List<String> out = new ArrayList<>();
        for (String p : packages) {
            String t = p.trim();
            if (!t.isEmpty()) {
                out.add(t.endsWith(".") ? t : t + ".");
            }
        }
        return new AppCode(out, true);
    }

    /** From the dump when {@code override} is empty, else {@link #of}. */
    public static AppCode infer(HeapView heap, List<String> override) {
        if (override != null && !override.isEmpty()) {
            return of(override);
        }
        return infer(heap);
    }

    /** The application's packages as the dump's thread stacks show them (see the class comment). */
    public static AppCode infer(HeapView heap) {
        TreeSet<String> roots = new TreeSet<>();
        for (HeapThread t : heap.threads()) {
            List<StackFrame> frames = t.frames();
            for (int i = frames.size() - 1; i >= 0; i--) {
                String c = frames.get(i).className();
                if (!JdkClasses.isJdkClass(c) && !JdkClasses.isLambdaClass(c)) {
                    if (!KnownLibraries.isLibraryClass(c)) {
                        roots.add(packageRoot(c));
                    }
                    break;
                }
            }
        }
        // The class loader says it too: what the bootstrap loader defined is the JDK's, whatever its package
        // (org.w3c.dom, org.xml.sax, org.ietf.jgss).
        java.util.Set<String> bootstrap = new java.util.HashSet<>();
        for (dev.heaptriage.heap.HeapClass c : heap.allClasses()) {
            String n = c.name();
            int dot = n.lastIndexOf('.');
            if (c.classLoaderId() == 0 && dot > 0 && !c.isArrayType() && !JdkClasses.isJdkClass(n)) {
                bootstrap.add(n.substring(0, dot + 1));
            }
        }
        return new AppCode(new ArrayList<>(roots), false, bootstrap);
    }

    /** The first {@value #ROOT_SEGMENTS} package segments and a dot: {@code com.acme.}; a class without a package: "". */
    static String packageRoot(String className) {
        int end = -1;
        for (int i = 0; i < ROOT_SEGMENTS; i++) {
            int dot = className.indexOf('.', end + 1);
            if (dot < 0) {
                break;
            }
            end = dot;
        }
        int lastDot = className.lastIndexOf('.');
        if (end < 0 || end > lastDot) {
            end = lastDot;
        }
        return end < 0 ? "" : className.substring(0, end + 1);
    }

    /** The packages this decision rests on (the user's, or those read from the dump), each ending with a dot. */
    public List<String> packages() {
        return packages;
    }

    /** True when the packages came from {@code --app-packages}. */
    public boolean explicit() {
        return explicit;
    }

    /** True for a class of the application (see the class comment). */
    public boolean isApplication(String className) {
        String n = base(className);
        if (JdkClasses.isJdkClass(n) || isBootstrapPackage(n)) {
            return false;
        }
        if (!explicit) {
            return !KnownLibraries.isLibraryClass(n);
        }
        for (String p : packages) {
            if (n.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** True for a class that is neither the JDK's nor the application's. */
    public boolean isLibrary(String className) {
        String n = base(className);
        return !JdkClasses.isJdkClass(n) && !isBootstrapPackage(n) && !isApplication(className);
    }

    private boolean isBootstrapPackage(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 && !bootstrapPackages.isEmpty() && bootstrapPackages.contains(className.substring(0, dot + 1));
    }

    private static String base(String className) {
        String n = className.endsWith("[]") ? className.substring(0, className.indexOf('[')) : className;
        return JdkClasses.lambdaOwner(n);
    }
}
