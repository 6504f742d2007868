package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.fd.FdScan.Descriptor;
import dev.heaptriage.detect.fd.FdScan.Group;
import dev.heaptriage.detect.fd.FdScan.Reason;
import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.Severity;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The words and evidence of an {@code unclosed-fd} finding, one per group of {@link FdScan}. */
final class FdFindings {
    /** Paths of unreachable objects run through the Cleaner's linked list; keep their two ends only. */
    private static final int MAX_PATH_STEPS = 16;
    private static final String UNKNOWN = "(unknown)";

    private final HeapView heap;
    private final Owners owners;
    private final FdScan scan;

    FdFindings(HeapView heap, Owners owners, FdScan scan) {
        this.heap = heap;
        this.owners = owners;
        this.scan = scan;
    }

    /**
     * The threads whose application frames hold a group (requests in flight), or 0: frames of a library's own threads
     * (a dropped client's selector loop) are not requests.
     */
    private static int inFlightThreads(Owner owner, int holders) {
        return owner.kind() == Owner.Kind.LOCAL && owner.thread() != null && owner.application() ? holders : 0;
    }

    /**
     * True when the application field or static that owns a group holds a library object (a client), not the
     * descriptors themselves: what it holds are that client's pooled connections.
     */
    private boolean heldThroughLibraryObject(Owner owner) {
        dev.heaptriage.heap.HeapObject value = null;
        if (owner.kind() == Owner.Kind.STATIC_FIELD && owner.field() != null) {
            dev.heaptriage.heap.HeapClass c = heap.classById(owner.holderId());
            value = c == null ? null : c.staticRef(owner.field());
        } else if (owner.kind() == Owner.Kind.FIELD && owner.field() != null && owner.holderId() >= 0) {
            value = heap.object(owner.holderId()).ref(owner.field());
        }
        return value != null && owners.app().isLibrary(value.className());
    }

    Finding finding(Group group, long processOpen) {
        List<Descriptor> ds = group.descriptors;
        ds.sort(Comparator.comparingInt((Descriptor d) -> d.fd).thenComparingInt(d -> d.objectId));
        // Keyed by the path or peer (a dump string), UNKNOWN for none; FdRule counts them by key only.
        Map<Object, Long> byTarget = new LinkedHashMap<>();
        long retained = 0;
        Set<String> classes = new TreeSet<>();
        for (Descriptor d : ds) {
            byTarget.merge(d.target == null ? UNKNOWN : d.target, 1L, Long::sum);
            retained += heap.retainedBytes(d.objectId);
            classes.add(heap.classOf(d.objectId).name());
        }
        List<Breakdown> breakdown = byTarget.entrySet().stream()
                .sorted(Map.Entry.<Object, Long>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey() instanceof DumpString t ? t : null,
                                Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(e -> new Breakdown(Text.concat(e.getKey()), e.getValue()))
                .toList();
        long maxSame = FdRule.maxSameTarget(byTarget, UNKNOWN);
        Kind kind = group.key.kind();
        Reason reason = group.key.reason();
        String library = group.key.library();
        // One path open many times at once is strong evidence of a missing close; one peer many times is what every
        // connection pool looks like, so for sockets only the count matters.
        long sameTarget = kind.isPath() ? maxSame : 1;
        boolean loaderJar = false;
        for (Descriptor d : ds) {
            loaderJar |= scan.isLoaderJar(d);
        }

        // Evidence: spread over targets first (one per path or peer), then fill up.
        List<Evidence> evidence = new ArrayList<>();
        Text ownerLabel = null;
        List<PathElement> ownerPath = List.of();
        for (Descriptor d : pickExamples(ds)) {
            List<PathElement> path = heap.pathToGcRoot(d.objectId);
            if (ownerLabel == null) {
                ownerLabel = ownerLabel(group, path);
                ownerPath = path;
            }
            evidence.add(evidence(d, path));
        }
        long n = ds.size();
        Severity severity = FdRule.severity(n, sameTarget, group.key.live(), processOpen);
        if (reason == Reason.HELD && library == null && FdRule.healthyLoad(n, maxSame, kind.isPath(),
                inFlightThreads(group.first, group.holders.size()),
                heldThroughLibraryObject(group.first))) {
            severity = Severity.INFO; // in flight in running requests, or a shared client's pool (issue 21, rule 5)
        }
        // JDK implementation classes (FileChannelImpl, NioSocketImpl) read better as the API a developer used.
        String single = classes.size() == 1 ? Names.simpleName(classes.iterator().next()) : null;
        // Only a public API class of the JDK names a group by itself; internal and pending-cleanup classes
        // (FileChannelImpl, ZipFile$Source, FileCleanable, UnixDirectoryStream) read as the API a developer used.
        String cls = classes.size() == 1 ? classes.iterator().next() : null;
        boolean api = cls != null && !single.endsWith("Impl") && !single.contains("$") && !kind.isCleanable()
                && (cls.startsWith("java.") || !dev.heaptriage.detect.jdk.JdkClasses.isJdkClass(cls));
        String mainClass = api ? single : kind.noun;
        String noun = Units.noun(n, kind == Kind.HTTP ? "HTTP response" : mainClass);
        String what = kind.isPath() ? "path" : "peer";
        Finding.Builder b = Finding.builder(UnclosedFdDetector.ID)
                .fingerprint(fingerprint(group, classes))
                .severity(severity)
                .count(n)
                .retainedBytes(retained)
                .owner(ownerLabel)
                .breakdown(breakdown)
                .evidence(evidence)
                .remediation(FdText.remediation(kind, reason, library, loaderJar));
        String descriptors = Units.noun(n, "descriptor");
        int known = byTarget.size() - (byTarget.containsKey(UNKNOWN) ? 1 : 0);
        String distinct = known == 0 ? what + (n == 1 ? "" : "s") + " unknown"
                : Units.plural(known, "distinct " + what) + (byTarget.containsKey(UNKNOWN) ? " and some unknown" : "");
        String clients = Units.plural(group.clients.size(), library == null ? "client" : library + " client");
        switch (reason) {
            case POOL_LEAK -> {
                b.title(Units.count(n) + " " + Units.noun(n, library + " connection") + " leased by responses "
                        + "dropped without close()");
                b.summary(Text.concat(Units.count(n) + " open " + descriptors + " of the " + library
                        + " connection pool held by ", ownerLabel, (group.clients.size() > 1 ? " (" + clients + ")" : "")
                        + " are leased to "
                        + "requests whose response nothing references any more: the responses were dropped without "
                        + "close(), so the connections never go back to the pool and their sockets stay open; "
                        + distinct + ". Idle connections of the pool are not counted."));
            }
            case CLIENT_DROPPED -> {
                b.title(Units.count(group.clients.size()) + " " + Units.noun(group.clients.size(), library)
                        + (group.clients.size() == 1 ? " was" : " were") + " dropped without close() and still "
                        + (n == 1 ? "holds " : "hold ") + Units.count(n) + " open " + descriptors);
                b.summary("The application no longer references " + Units.plural(group.clients.size(), library)
                        + " (created per request and never "
                        + "shared or closed), but each still runs its selector thread with its selector and keeps its "
                        + "connections: " + Units.count(n) + " open " + descriptors + " (selectors and connections), "
                        + distinct + ". They go away only seconds after the GC clears each client; under load they "
                        + "pile up.");
            }
            case DROPPED -> {
                b.title(Units.count(n) + " " + noun + " dropped without close(): unreachable, open until the GC runs "
                        + (n == 1 ? "its" : "their") + " Cleaner");
                boolean pending = ds.stream().allMatch(d -> d.pending
                        && heap.classOf(d.objectId).isSubclassOf("jdk.internal.ref.PhantomCleanable"));
                b.summary(Units.count(n) + " open " + descriptors + " (" + kind.id + ") that nothing reachable holds: "
                        + (pending
                        ? "their owners were dropped without close() and are gone; only the JDK's pending cleanup "
                        + "objects still hold the descriptors, open until the Cleaner thread runs them"
                        : "never closed, they stay open until a GC finds " + (n == 1 ? "its owner" : "their owners")
                        + " and the Cleaner (or the finalizer) closes them")
                        + "; " + distinct + ". Under load this is how \"Too many open files\" happens.");
            }
            default -> {
                b.title(Units.count(n) + " " + noun + (n == 1 ? " still holds an open descriptor"
                        : " still hold open descriptors"));
                b.summary(Text.concat(Units.count(n) + " open " + descriptors + " (" + kind.id
                        + ") reachable from a live root, held by ", ownerLabel,
                        // (a thread group's label already counts its threads)
                        (group.holders.size() > 1 && !group.first.isThread()
                        ? " in " + Units.count(group.holders.size()) + " objects" : "")
                        + (library != null ? " (leased from the " + library + " pool)" : "")
                        + "; " + distinct
                        + (maxSame > 1 ? ", the most frequent open " + Units.count(maxSame) + " times" : "")
                        + ". They accumulate until the holder lets go or closes them."));
            }
        }
        return b.build();
    }

    private static List<Descriptor> pickExamples(List<Descriptor> ds) {
        List<Descriptor> picked = new ArrayList<>();
        Set<DumpString> targets = new HashSet<>();
        boolean unknownPicked = false;
        for (Descriptor d : ds) {
            boolean first = d.target == null ? !unknownPicked : targets.add(d.target);
            unknownPicked |= d.target == null;
            if (picked.size() < Evidences.COLLECT_LIMIT && first) {
                picked.add(d);
            }
        }
        for (Descriptor d : ds) {
            if (picked.size() >= Evidences.COLLECT_LIMIT) {
                break;
            }
            if (!picked.contains(d)) {
                picked.add(d);
            }
        }
        return picked;
    }

    private Evidence evidence(Descriptor d, List<PathElement> path) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(d.kind.isPath() ? "path" : "peer", d.target == null ? UNKNOWN : d.target);
        attributes.put("fd", d.fd);
        attributes.put("kind", d.kind.reported().id);
        attributes.put("live", d.live);
        if (d.pending) {
            attributes.put("pendingCleanup", true);
        }
        if (d.client != null) {
            attributes.put("client", d.client.library());
            attributes.put("lease", d.client.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        List<PathStep> steps = Evidences.steps(path);
        if (steps.size() > MAX_PATH_STEPS) {
            // A path through a Cleaner's or finalizer's linked list can be thousands of steps long; its two ends say
            // what matters (the object and its first holders; the root).
            List<PathStep> cut = new ArrayList<>(steps.subList(0, MAX_PATH_STEPS - 2));
            cut.add(PathStep.elided(steps.size() - MAX_PATH_STEPS + 1));
            cut.add(steps.get(steps.size() - 1));
            steps = cut;
        }
        return new Evidence(Evidence.objectId(heap.address(d.objectId)), heap.classOf(d.objectId).name(),
                heap.shallowBytes(d.objectId), heap.retainedBytes(d.objectId), attributes, steps);
    }

    /** The group's own holder first: the path is the shortest from any root and may pass another holder. */
    private Text ownerLabel(Group group, List<PathElement> path) {
        Owner o = group.first;
        if (group.key.reason() == Reason.CLIENT_DROPPED) {
            return Text.of("nothing: dropped by the application (each client's selector thread still holds them)");
        }
        Text threads = FdText.threadsLabel(o, group.holders.size());
        if (threads != null) {
            return threads;
        }
        switch (o.kind()) {
            case UNREACHABLE, LOCAL, THREAD:
                return o.label();
            case STATIC_FIELD, FIELD, CAPTURED, THREAD_LOCAL:
                if (o.field() != null || o.kind() == Owner.Kind.CAPTURED) {
                    return o.label();
                }
                break;
            default:
                break;
        }
        Text fromPath = owners.onPath(path);
        return fromPath != null ? fromPath : Text.of("unknown holder");
    }

    /** See {@link FdRule#fingerprint}; client groups are named by the library and the pool's owner. */
    private static String fingerprint(Group group, Set<String> classes) {
        FdScan.GroupKey k = group.key;
        return switch (k.reason()) {
            case POOL_LEAK -> FdRule.fingerprint(k.owner(), java.util.Set.of("leaked-from-pool/" + k.library()));
            case CLIENT_DROPPED -> FdRule.fingerprint("dropped", java.util.Set.of(k.library()));
            case DROPPED -> FdRule.fingerprint(k.kind().id + "/unreachable", classes);
            default -> FdRule.fingerprint(k.owner(), classes);
        };
    }
}
