package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.fd.FdScan.Descriptor;
import dev.heaptriage.detect.fd.FdScan.Group;
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

    private final HeapView heap;
    private final Owners owners;

    FdFindings(HeapView heap, Owners owners) {
        this.heap = heap;
        this.owners = owners;
    }

    Finding finding(Group group, long processOpen) {
        List<Descriptor> ds = group.descriptors;
        ds.sort(Comparator.comparingInt((Descriptor d) -> d.fd).thenComparingInt(d -> d.objectId));
        Map<String, Long> byTarget = new LinkedHashMap<>();
        long retained = 0;
        Set<String> classes = new TreeSet<>();
        for (Descriptor d : ds) {
            byTarget.merge(d.target == null ? "(unknown)" : d.target, 1L, Long::sum);
            retained += heap.retainedBytes(d.objectId);
            classes.add(heap.classOf(d.objectId).name());
        }
        List<Breakdown> breakdown = byTarget.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Breakdown(e.getKey(), e.getValue()))
                .toList();
        long maxSame = breakdown.isEmpty() ? 0 : breakdown.get(0).count();
        Kind kind = group.key.kind();
        // One path open many times at once is strong evidence of a missing close; one peer many times is what every
        // connection pool looks like, so for sockets only the count matters.
        long sameTarget = kind.isPath() ? maxSame : 1;

        // Evidence: spread over targets first (one per path or peer), then fill up.
        List<Evidence> evidence = new ArrayList<>();
        String ownerLabel = null;
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
        // JDK implementation classes (FileChannelImpl, NioSocketImpl) read better as the API a developer used.
        String single = classes.size() == 1 ? Names.simpleName(classes.iterator().next()) : null;
        String mainClass = single == null || single.endsWith("Impl") ? kind.noun : single;
        String noun = Units.noun(n, kind == Kind.HTTP ? "HTTP response" : mainClass);
        String what = kind.isPath() ? "path" : "peer";
        Finding.Builder b = Finding.builder(UnclosedFdDetector.ID)
                .fingerprint(FdRule.fingerprint(group.key.owner(), classes))
                .severity(severity)
                .count(n)
                .retainedBytes(retained)
                .owner(ownerLabel)
                .breakdown(breakdown)
                .evidence(evidence)
                .remediation(remediation(kind));
        String descriptors = Units.noun(n, "descriptor");
        String distinct = Units.plural(byTarget.size(), "distinct " + what);
        if (group.key.live()) {
            b.title(Units.count(n) + " " + noun + (n == 1 ? " still holds an open descriptor"
                    : " still hold open descriptors"));
            b.summary(Units.count(n) + " open " + descriptors + " (" + kind.id + ") reachable from a live root, held "
                    + "by " + ownerLabel
                    // (a thread group's label already counts its threads)
                    + (group.holders.size() > 1 && !group.first.isThread()
                    ? " in " + Units.count(group.holders.size()) + " objects" : "")
                    + "; " + distinct
                    + (maxSame > 1 ? ", the most frequent open " + Units.count(maxSame) + " times" : "")
                    + ". They accumulate until the holder lets go or closes them.");
        } else {
            b.title(Units.count(n) + " unreachable " + noun + " wait" + (n == 1 ? "s" : "")
                    + " for the GC to close " + (n == 1 ? "its descriptor" : "their descriptors"));
            b.summary(Units.count(n) + " open " + descriptors + " (" + kind.id + ") that nothing reachable holds: "
                    + "they were never closed and stay open until a GC runs their Cleaner or finalizer; " + distinct
                    + ".");
        }
        // Class and field names are code, not dump contents; thread names (quoted in owner labels) are contents.
        if (group.first.thread() != null) {
            b.sensitive(group.first.thread().name());
        }
        Evidences.registerThreadNames(ownerPath, b);
        for (String t : byTarget.keySet()) {
            b.sensitive(t);
        }
        return b.build();
    }

    private static List<Descriptor> pickExamples(List<Descriptor> ds) {
        List<Descriptor> picked = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (Descriptor d : ds) {
            if (picked.size() < Evidences.COLLECT_LIMIT && targets.add(String.valueOf(d.target))) {
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
        attributes.put(d.kind.isPath() ? "path" : "peer", d.target == null ? "(unknown)" : d.target);
        attributes.put("fd", d.fd);
        attributes.put("kind", d.kind.reported().id);
        attributes.put("live", d.live);
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
    private String ownerLabel(Group group, List<PathElement> path) {
        Owner o = group.first;
        switch (o.kind()) {
            case UNREACHABLE:
                return o.label();
            case LOCAL:
                if (group.holders.size() > 1) {
                    return "locals of " + Units.count(group.holders.size()) + " threads in " + o.frameText()
                            + ", e.g. thread '" + o.thread().name() + "'";
                }
                return o.label();
            case STATIC_FIELD, FIELD, CAPTURED, THREAD_LOCAL:
                if (o.field() != null || o.kind() == Owner.Kind.CAPTURED) {
                    return o.label();
                }
                break;
            default:
                break;
        }
        String fromPath = owners.onPath(path);
        return fromPath != null ? fromPath : "unknown holder";
    }

    private static String remediation(Kind kind) {
        return switch (kind) {
            case HTTP -> "Read each response body to the end and close it (and the error stream on failures), in "
                    + "try-with-resources; call disconnect() when the connection must not be reused.";
            case SOCKET, SOCKET_IMPL, SERVER_SOCKET, SERVER_SOCKET_IMPL, SOCKET_CHANNEL, DATAGRAM_SOCKET,
                    SERVER_SOCKET_CHANNEL, DATAGRAM_CHANNEL ->
                    "Close every socket and channel in try-with-resources or a finally block; give pools and caches of "
                            + "connections a bound and close connections on eviction.";
            case ZIP, ZIP_SOURCE -> "Close each ZipFile/JarFile in try-with-resources; cache one per path instead of "
                    + "opening the same archive repeatedly.";
            default -> "Open the file in try-with-resources so it is closed on every path; if files must stay open, "
                    + "keep one per path in a bounded cache that closes on eviction.";
        };
    }
}
