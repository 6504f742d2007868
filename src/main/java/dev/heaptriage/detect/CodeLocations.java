package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.CodeLocation;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.PathStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the application's code a finding points, read from its evidence (SARIF's physical location, the reports'
 * "code" line). Along the first example's path from the object to its GC root:
 * <ol>
 *   <li>the nearest field or static field of an application class holds it: that class (the dump records no line of a
 *       field, so the location is the class's source file);</li>
 *   <li>else a local of an application method, or a thread on the path (a waiting thread, the Finalizer thread
 *       stuck in an application {@code finalize()}): the topmost application frame of that thread's stack, with the
 *       file and line the dump records ({@code LeakyService.java:71}).</li>
 * </ol>
 * Lambda classes stand for the class that declares the lambda. A finding whose evidence shows no application code
 * (a pool of the JDK's that nothing references) has no location.
 */
final class CodeLocations {
    /** {@code LeakyService.java:71}: a source file and a line, as a frame's location gives them. */
    private static final Pattern FILE_LINE = Pattern.compile("(.+\\.[A-Za-z]+):(\\d+)");
    private static final Pattern FILE = Pattern.compile(".+\\.(java|kt|scala|groovy|clj)");

    private final AppCode app;
    private final Map<Long, HeapThread> threadsByAddress = new HashMap<>();

    CodeLocations(HeapView heap, AppCode app) {
        this.app = app;
        for (HeapThread t : heap.threads()) {
            threadsByAddress.put(heap.address(t.objectId()), t);
        }
    }

    /** {@code f} with its location, when its evidence shows application code. */
    Finding locate(Finding f) {
        for (Evidence e : f.evidence()) {
            CodeLocation at = locate(e.pathToGcRoot());
            if (at != null) {
                return f.withLocation(at);
            }
        }
        return f;
    }

    /** The location of one evidence path (object first), or null. */
    CodeLocation locate(List<PathStep> path) {
        for (int i = 1; i < path.size(); i++) {
            PathStep step = path.get(i);
            PathStep.Via.Kind kind = step.via().kind();
            if ((kind == PathStep.Via.Kind.FIELD || kind == PathStep.Via.Kind.STATIC_FIELD)
                    && app.isApplication(step.className())) {
                String cls = codeClass(step.className());
                return new CodeLocation(cls, null, CodeLocation.sourcePath(cls, null), null);
            }
            HeapThread thread = threadsByAddress.get(step.address());
            if (thread != null) {
                CodeLocation frame = topApplicationFrame(thread);
                if (frame != null) {
                    return frame;
                }
            }
        }
        return null;
    }

    private CodeLocation topApplicationFrame(HeapThread thread) {
        for (StackFrame f : thread.frames()) {
            if (app.isApplication(f.className()) && !JdkClasses.isLambdaClass(f.className())) {
                return frameLocation(f);
            }
        }
        return null;
    }

    /** A frame's location: its class, method, file and line when the dump records them. */
    static CodeLocation frameLocation(StackFrame f) {
        String cls = JdkClasses.stableClassName(f.className());
        String where = f.location() == null ? "" : f.location().trim();
        Matcher m = FILE_LINE.matcher(where);
        if (m.matches()) {
            return new CodeLocation(cls, f.methodName(), CodeLocation.sourcePath(cls, m.group(1)),
                    Integer.parseInt(m.group(2)));
        }
        String file = FILE.matcher(where).matches() ? where : null;
        return new CodeLocation(cls, f.methodName(), CodeLocation.sourcePath(cls, file), null);
    }

    /** The class a developer edits: a lambda's declaring class, a hidden class's name without its suffix. */
    private static String codeClass(String className) {
        String stable = JdkClasses.stableClassName(className);
        return JdkClasses.isLambdaClass(stable) ? JdkClasses.lambdaOwner(stable) : stable;
    }
}
