package dev.heaptriage.detect;

import dev.heaptriage.units.Names;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.GcRoot;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.Ref;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.text.Text;
import java.util.List;
import java.util.Map;

/** Turns heap objects into report evidence, and paths into report steps and owner names. */
public final class Evidences {
    /** Examples a detector collects per finding; {@code --max-evidence} shows up to this many. */
    public static final int COLLECT_LIMIT = 25;

    private Evidences() {
    }

    /** Evidence for one object, with its shortest path to a GC root. */
    public static Evidence of(HeapView heap, int objectId, Map<String, Object> attributes) {
        return new Evidence(Evidence.objectId(heap.address(objectId)), heap.classOf(objectId).name(),
                heap.shallowBytes(objectId), heap.retainedBytes(objectId), attributes,
                steps(heap.pathToGcRoot(objectId)));
    }

    public static List<PathStep> steps(List<PathElement> path) {
        return path.stream().map(Evidences::step).toList();
    }

    static PathStep step(PathElement e) {
        return new PathStep(e.className(), e.address(), Names.simpleName(e.className()), via(e.via()),
                e.roots().stream().map(Evidences::root).toList());
    }

    /** The report's form of a heap reference: the same facts, in the model renderers read. */
    static PathStep.Via via(Ref r) {
        return switch (r.kind()) {
            case NONE -> PathStep.Via.NONE;
            case INSTANCE_FIELD -> PathStep.Via.field(r.name());
            case STATIC_FIELD -> PathStep.Via.staticField(r.name());
            case ARRAY_ELEMENT -> PathStep.Via.element(r.index());
            case LOCAL -> PathStep.Via.local(frame(r.frame()));
            case UNKNOWN -> new PathStep.Via(PathStep.Via.Kind.UNKNOWN, null, -1, null);
        };
    }

    /** The report's form of a GC root. */
    public static PathStep.Root root(GcRoot g) {
        PathStep.Root.Kind kind = switch (g.kind()) {
            case SYSTEM_CLASS -> PathStep.Root.Kind.SYSTEM_CLASS;
            case THREAD -> PathStep.Root.Kind.THREAD;
            case JAVA_LOCAL -> PathStep.Root.Kind.JAVA_LOCAL;
            case JNI_LOCAL -> PathStep.Root.Kind.JNI_LOCAL;
            case JNI_GLOBAL -> PathStep.Root.Kind.JNI_GLOBAL;
            case BUSY_MONITOR -> PathStep.Root.Kind.BUSY_MONITOR;
            case OTHER -> PathStep.Root.Kind.OTHER;
        };
        return new PathStep.Root(kind, Text.of(g.threadName()), frame(g.frame()), g.label());
    }

    private static PathStep.Frame frame(StackFrame f) {
        return f == null ? null : new PathStep.Frame(f.className(), f.methodName());
    }

    /** The roots of a path's last step as a person reads them: {@code local of thread 'main' in Main.run}. */
    public static Text rootText(List<GcRoot> roots) {
        Text.Builder sb = Text.builder();
        for (GcRoot g : roots) {
            sb.append(sb.isEmpty() ? "" : ", ").append(root(g).sentence());
        }
        return sb.build();
    }
}
