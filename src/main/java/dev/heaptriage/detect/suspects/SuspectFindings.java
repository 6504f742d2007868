package dev.heaptriage.detect.suspects;

import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.libs.Caffeine;
import dev.heaptriage.detect.libs.Guava;
import dev.heaptriage.detect.suspects.ClassLoaderScan.LoaderGroup;
import dev.heaptriage.detect.suspects.ClassLoaderScan.Pin;
import dev.heaptriage.detect.suspects.Elements.ElementClass;
import dev.heaptriage.detect.suspects.SuspectScan.Point;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The text of {@code leak-suspects} findings: what users read, one finding per suspect. */
final class SuspectFindings {
    /** The special forms a suspect can take, each named for what it is. */
    enum Form { ACCUMULATION, SPREAD, THREAD_LOCAL, UNBOUNDED_QUEUE, UNBOUNDED_CACHE, GROUP, ONE_OBJECT }

    private final HeapView heap;
    private final Owners owners;
    private final long usedHeap;

    SuspectFindings(HeapView heap, Owners owners, long usedHeap) {
        this.heap = heap;
        this.owners = owners;
        this.usedHeap = usedHeap;
    }

    Finding suspect(List<Point> points) {
        Point first = points.get(0);
        long retained = SuspectScan.retained(points);
        long count = 0;
        long largest = 0;
        boolean estimated = false;
        boolean countKnown = true;
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (Point p : points) {
            count += p.count();
            largest = Math.max(largest, p.elements().largest());
            estimated |= p.elements().estimated();
            countKnown &= p.countKnown();
            for (ElementClass e : p.elements().classes()) {
                long[] acc = classes.computeIfAbsent(e.className(), k -> new long[2]);
                acc[0] += e.count();
                acc[1] += e.bytes();
            }
        }
        List<ElementClass> elements = new ArrayList<>();
        long elementBytes = classes.values().stream().mapToLong(v -> v[1]).sum();
        // Classes under 0.5% of the elements' bytes are a structure's own odds and ends (a segment's lock, a
        // counter): shown, they would only bury what accumulates.
        classes.forEach((k, v) -> {
            if (v[1] * 200 >= elementBytes) {
                elements.add(new ElementClass(k, v[0], v[1]));
            }
        });
        elements.sort(java.util.Comparator.comparingLong(ElementClass::bytes).reversed()
                .thenComparing(ElementClass::className));
        // A spread accumulation names its element class (SpreadElements), which need not be the one of most bytes.
        String elementClass = !first.heldBy().isEmpty() ? first.elements().topClass()
                : elements.isEmpty() ? "?" : elements.get(0).className();
        HeapObject collection = heap.object(first.collectionId());
        HeapObject cache = first.cacheId() < 0 ? null : heap.object(first.cacheId());
        boolean accumulation = first.group() || SuspectRule.isAccumulation(count, largest, retained);
        Form form = form(first, collection, cache, accumulation);
        boolean descriptors = holdsDescriptors(elementClass);
        Severity severity = descriptors ? Severity.INFO : SuspectRule.severity(accumulation, retained, usedHeap);

        Finding.Builder b = Finding.builder(LeakSuspectsDetector.ID).fingerprint(first.key(heap)).severity(severity)
                .count(count).retainedBytes(retained);
        String share = Units.percent(retained, usedHeap);
        String collectionName = collectionName(first, collection, cache);
        Text owner = ownerLabel(points);
        String elementNoun = Names.simpleName(elementClass);
        String counted = (countKnown ? "" : "about ") + Units.count(count);
        String title = switch (form) {
            case THREAD_LOCAL -> String.format("ThreadLocal values of %s hold %s (%s of the heap): %s %s in %s",
                    Units.plural(points.size(), "thread"), Units.bytes(retained), share, counted, elementNoun,
                    Units.plural(points.size(), collectionName));
            case UNBOUNDED_QUEUE -> String.format("an unbounded %s of %s %s holds %s (%s of the heap)",
                    collectionName, counted, elementNoun, Units.bytes(retained), share);
            case UNBOUNDED_CACHE -> String.format("an unbounded %s of %s %s holds %s (%s of the heap)",
                    collectionName, counted, elementNoun, Units.bytes(retained), share);
            case GROUP -> String.format("%s %s objects retain %s (%s of the heap)", counted, elementNoun,
                    Units.bytes(retained), share);
            case ONE_OBJECT -> String.format("one %s retains %s (%s of the heap)", collectionName,
                    Units.bytes(retained), share);
            case ACCUMULATION, SPREAD -> String.format("%s of %s %s holds %s (%s of the heap)", collectionName, counted,
                    elementNoun, Units.bytes(retained), share);
        };
        Text.Builder summary = Text.builder();
        summary.append(switch (form) {
            case GROUP -> Text.concat("No one object holds them (each is shared by more than one holder), but "
                    + "together they are the largest share of the heap; most are held by ", owner, ".");
            case ONE_OBJECT -> Text.concat(owner, " holds it; its size is in a few large parts, not in elements that "
                    + "pile up, so it is more likely sized by design (a pool or a preallocated buffer) than a leak.");
            default -> Text.concat(String.format("The heap accumulates in %s (%s %s) held by ",
                    points.size() == 1 ? "the " + collectionName : Units.plural(points.size(), collectionName),
                    counted, Units.noun(count, "element")), owner, ".");
        });
        if (!elements.isEmpty() && form != Form.GROUP) {
            summary.append(" It holds ").append(elementsText(elements)).append(estimated ? " (estimated from a "
                    + "sample)" : "").append('.');
        }
        if (form == Form.SPREAD) {
            summary.append(String.format(" Each %s is held through %s at once (%s), so no one collection "
                    + "dominates them: the %s is where they pile up.", elementNoun,
                    first.heldBy().size() == 1 ? "one structure and other elements" : first.heldBy().size()
                            + " of its structures", String.join(", ", first.heldBy()), collectionName));
        }
        if (form == Form.UNBOUNDED_QUEUE) {
            summary.append(' ').append(queueThreads(collection));
        }
        if (form == Form.UNBOUNDED_CACHE) {
            summary.append(" The cache has no maximum size or weight and no expiry, so every entry stays.");
        }
        if (descriptors) {
            summary.append(" Its elements hold open descriptors; unclosed-fd reports them.");
        }
        List<Breakdown> breakdown = new ArrayList<>();
        for (ElementClass e : elements.subList(0, Math.min(elements.size(), 10))) {
            breakdown.add(new Breakdown(e.className() + " (" + Units.bytes(e.bytes()) + ")", e.count()));
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Point p : points.subList(0, Math.min(points.size(), Evidences.COLLECT_LIMIT))) {
            int id = p.cacheId() >= 0 ? p.cacheId() : p.collectionId();
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("elements", p.count());
            attrs.put("accumulationPoint", heap.classOf(p.pointId()).name());
            if (!p.heldBy().isEmpty()) {
                attrs.put("heldBy", p.heldBy());
            }
            // A number (percent of the used heap, one decimal), not text: attributes are typed data (README).
            attrs.put("shareOfHeap", usedHeap <= 0 ? 0.0 : Math.round(1000.0 * p.retained() / usedHeap) / 10.0);
            List<PathElement> path = heap.pathToGcRoot(id);
            evidence.add(new Evidence(Evidence.objectId(heap.address(id)), heap.classOf(id).name(),
                    heap.shallowBytes(id), p.retained(), attrs, Evidences.steps(path)));
        }
        return b.title(title).summary(summary.build()).owner(owner).breakdown(breakdown).evidence(evidence)
                .remediation(remediation(form)).build();
    }

    private static Form form(Point first, HeapObject collection, HeapObject cache, boolean accumulation) {
        if (first.group()) {
            return Form.GROUP;
        }
        if (!accumulation) {
            return Form.ONE_OBJECT;
        }
        if (first.owner().kind() == Owner.Kind.THREAD_LOCAL) {
            return Form.THREAD_LOCAL;
        }
        if (!first.heldBy().isEmpty()) {
            return Form.SPREAD;
        }
        if (cache != null && (Guava.isUnbounded(cache) || Caffeine.isUnbounded(cache))) {
            return Form.UNBOUNDED_CACHE;
        }
        if (Collections.isQueue(collection.heapClass()) && Collections.isUnboundedQueue(collection)) {
            return Form.UNBOUNDED_QUEUE;
        }
        return Form.ACCUMULATION;
    }

    private String collectionName(Point first, HeapObject collection, HeapObject cache) {
        if (first.group()) {
            return "group";
        }
        if (cache != null) {
            HeapObject local = Guava.localCache(cache);
            return local != null ? "Guava cache (" + Names.simpleName(local.className()) + ")"
                    : "Caffeine cache (" + Names.simpleName(Caffeine.localCache(cache).className()) + ")";
        }
        HeapClass c = collection.heapClass();
        return c.isArrayType() ? c.name() : JdkClasses.jdkSimpleName(c);
    }

    /**
     * The owner as a person writes it: the shared attribution's label; for an instance field, also who holds the
     * instance; for thread-local values of several threads, the ThreadLocal and the threads' pool.
     */
    private Text ownerLabel(List<Point> points) {
        Owner o = points.get(0).owner();
        if (o.kind() == Owner.Kind.THREAD_LOCAL && points.size() > 1) {
            Text noPool = Text.of("no pool");
            Set<Text> pools = new LinkedHashSet<>();
            for (Point p : points) {
                HeapObject pool = Threads.poolOf(heap.object(p.topId()));
                Owner poolOwner = pool == null ? null : owners.of(pool.id());
                pools.add(poolOwner == null ? noPool : poolOwner.label());
            }
            Text pool = pools.size() == 1 && !pools.contains(noPool)
                    ? Text.concat(" (the pool of ", pools.iterator().next(), ")") : Text.EMPTY;
            return Text.concat("a ThreadLocal" + (o.field() == null ? "" : " (" + o.field() + ")") + " of "
                    + Units.plural(points.size(), "pool thread"), pool);
        }
        Text label = o.label();
        if (o.kind() == Owner.Kind.FIELD && o.holderId() >= 0 && o.thread() == null) {
            Owner holder = owners.of(o.holderId());
            if (holder.kind() != Owner.Kind.UNKNOWN && holder.kind() != Owner.Kind.UNREACHABLE) {
                label = Text.concat(o.holderClass() + (o.field() == null ? "" : "." + o.field())
                        + " (field of the instance held by ", holder.label(), ")");
            }
        }
        return label;
    }

    private static String elementsText(List<ElementClass> elements) {
        StringBuilder sb = new StringBuilder();
        for (ElementClass e : elements.subList(0, Math.min(elements.size(), 3))) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Units.count(e.count())).append(' ')
                    .append(Names.simpleName(e.className())).append(" (").append(Units.bytes(e.bytes())).append(')');
        }
        return sb.toString();
    }

    /** The threads that use a queue (hold it in a local or through their task) and what each is doing. */
    private Text queueThreads(HeapObject queue) {
        Set<HeapThread> users = new LinkedHashSet<>();
        heap.framesHolding(queue.id()).forEach(f -> users.add(f.thread()));
        for (HeapThread t : heap.threads()) {
            HeapObject task = Threads.task(heap.object(t.objectId()));
            if (task != null && reaches(task.id(), queue.id(), 2)) {
                users.add(t);
            }
        }
        if (users.isEmpty()) {
            return Text.of("No live thread uses it: whatever produced into it is gone, and nothing consumes it.");
        }
        Text.Builder sb = Text.builder().append("Threads using it: ");
        int n = 0;
        for (HeapThread t : users) {
            if (n++ == 8) {
                sb.append(", … ").append(users.size() - 8).append(" more");
                break;
            }
            sb.append(n == 1 ? "" : ", ").append('\'').append(t.name()).append("' (")
                    .append(role(t, queue)).append(')');
        }
        return sb.append('.').build();
    }

    /**
     * Whether {@code from} references {@code target} within {@code hops} references (a thread's task holding the
     * queue in a field, or a pool worker's pool holding its work queue), looking at a few dozen references per step.
     */
    private boolean reaches(int from, int target, int hops) {
        int[] refs = heap.referents(from);
        for (int i = 0; i < Math.min(refs.length, 64); i++) {
            if (refs[i] == target || hops > 1 && heap.classById(refs[i]) == null && reaches(refs[i], target, hops - 1)) {
                return true;
            }
        }
        return false;
    }

    /** A consumer waits in take/poll of the queue; a producer is in put/offer/add; else the thread's state and frame. */
    private static String role(HeapThread t, HeapObject queue) {
        String queueClass = queue.className();
        String top = null;
        for (var f : t.frames()) {
            if (f.className().equals(queueClass)) {
                if (f.methodName().equals("take") || f.methodName().equals("poll")) {
                    return "consumer, waiting for elements: it keeps up";
                }
                if (f.methodName().equals("put") || f.methodName().equals("offer") || f.methodName().equals("add")) {
                    return "producer, " + t.state().name();
                }
            }
            if (top == null && !JdkClasses.isJdkClass(f.className())) {
                top = Names.simpleName(f.className()) + "." + f.methodName();
            }
        }
        return t.state().name() + (top == null ? "" : " in " + top);
    }

    /** Elements that own an OS descriptor: unclosed-fd reports them, so these bytes are not reported twice. */
    private boolean holdsDescriptors(String elementClass) {
        for (HeapClass c : heap.classes(elementClass)) {
            for (HeapClass k = c; k != null; k = k.superclass()) {
                if (k.name().startsWith("java.") && (k.declaredFieldNames().contains("fd")
                        || k.name().equals("java.net.Socket") || k.name().equals("java.net.ServerSocket")
                        || k.name().equals("java.util.zip.ZipFile"))) {
                    return true;
                }
            }
        }
        return false;
    }

    Finding loaders(LoaderGroup g) {
        int copies = g.loaderIds().size();
        Severity severity = SuspectRule.loaderSeverity(copies, g.retained(), usedHeap);
        Map.Entry<Pin, Integer> top = g.pins().entrySet().iterator().next();
        Pin pin = top.getKey();
        String loaderClass = JdkClasses.stableClassName(g.loaderClass());
        Finding.Builder b = Finding.builder(LeakSuspectsDetector.ID)
                .fingerprint("classloaders/" + loaderClass + "/" + pin.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + ":" + pinKey(pin))
                .severity(severity).count(copies).retainedBytes(g.retained());
        b.title(String.format("%s class loaders of %s are alive at once, each with its own copy of %s, retaining "
                        + "%s (%s of the heap)", Units.count(copies), Names.simpleName(loaderClass),
                Names.simpleName(g.definedClass()), Units.bytes(g.retained()), Units.percent(g.retained(), usedHeap)));
        StringBuilder pins = new StringBuilder();
        for (Map.Entry<Pin, Integer> e : g.pins().entrySet()) {
            pins.append(pins.length() == 0 ? "" : "; ").append(e.getValue()).append(" by ").append(e.getKey().holder());
        }
        b.summary(String.format("A redeploy or plugin reload leaves the old loader alive when something outside it "
                        + "still references it or one of its classes or objects; each copy keeps its classes and their "
                        + "statics. What pins them: %s.", pins));
        List<Evidence> evidence = new ArrayList<>();
        for (int id : g.loaderIds().subList(0, Math.min(copies, Evidences.COLLECT_LIMIT))) {
            List<PathElement> path = heap.pathToGcRoot(id);
            evidence.add(new Evidence(Evidence.objectId(heap.address(id)), heap.classOf(id).name(),
                    heap.shallowBytes(id), heap.retainedBytes(id), Map.of("defines", g.definedClass()),
                    Evidences.steps(path)));
        }
        List<Breakdown> breakdown = new ArrayList<>();
        g.pins().forEach((p, n) -> breakdown.add(new Breakdown(p.holder(), n)));
        return b.owner(pin.holder()).breakdown(breakdown).evidence(evidence).remediation(loaderFix(pin.kind()))
                .build();
    }

    private static String pinKey(Pin pin) {
        return switch (pin.kind()) {
            case STATIC, JDK_CACHE -> pin.holder().replace(" (static field)", "");
            default -> pin.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String loaderFix(ClassLoaderScan.PinKind kind) {
        return switch (kind) {
            case STATIC -> "Drop the reference when the loader's application is undeployed (remove it from the "
                    + "static collection, close the URLClassLoader), or keep such registries inside the loader.";
            case THREAD -> "Stop the threads the old application started, and reset a thread's context class "
                    + "loader (Thread.setContextClassLoader) when it goes back to a shared pool.";
            case THREAD_LOCAL -> "Call ThreadLocal.remove() in a finally block at the end of each task, so pooled "
                    + "threads do not keep values whose classes come from an undeployed loader.";
            case JDK_CACHE -> "Clear the JDK cache that holds the loader's classes on undeploy (e.g. "
                    + "Introspector.flushCaches(), ResourceBundle.clearCache(loader)), or deregister what was "
                    + "registered (JDBC drivers, shutdown hooks, MBeans).";
            case OTHER -> "Find the holder on the evidence path and release it when the loader's application is "
                    + "undeployed.";
        };
    }

    static String remediation(Form form) {
        return switch (form) {
            case THREAD_LOCAL -> "Pooled threads live as long as the pool: call ThreadLocal.remove() in a finally "
                    + "block at the end of each task, and keep nothing in a thread-local that grows per task.";
            case UNBOUNDED_QUEUE -> "Bound the queue (new LinkedBlockingQueue<>(capacity), ArrayBlockingQueue) so "
                    + "producers block or fail fast when the consumer falls behind, and fix the consumer that stalled.";
            case UNBOUNDED_CACHE -> "Configure the cache with maximumSize/maximumWeight and an expiry "
                    + "(expireAfterWrite / expireAfterAccess) so it evicts.";
            case GROUP -> "Find where these objects are added and make sure each is removed when it is no longer "
                    + "needed (the owner's collection or the two holders that share them).";
            case ONE_OBJECT -> "Check that the object's size is intended; if it is a pool or buffer, size it to the "
                    + "heap.";
            case SPREAD -> "One object keeps every element in several of its structures: end its life or empty it "
                    + "when its work is done (flush and clear or close a unit of work or session every batch, close "
                    + "a context), and bound what a registry keeps per key (no tag, label or name per user, request "
                    + "or id; remove what is no longer used).";
            case ACCUMULATION -> "Remove what the collection no longer needs: bound it (an LRU or a cache with "
                    + "maximumSize and expiry), remove entries when their session, request or listener ends, or "
                    + "hold them weakly if they may go.";
        };
    }
}
