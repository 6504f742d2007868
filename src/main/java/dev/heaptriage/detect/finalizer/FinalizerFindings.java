package dev.heaptriage.detect.finalizer;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.ReachabilityFilter;
import dev.heaptriage.detect.jdk.CleanerCensus;
import dev.heaptriage.detect.jdk.FinalizerCensus;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The findings of {@code finalizer-backlog}, with their words: the Finalizer queue behind its thread, each Cleaner's
 * backlog, cleaning actions that capture their object, and finalizable objects in reference cycles.
 */
final class FinalizerFindings {
    private FinalizerFindings() {
    }

    static Finding finalizationBacklog(HeapView heap, AppCode app, FinalizerCensus c,
                                       HousekeepingThreadDiagnosis thread, LongSupplier usedHeap) {
        boolean busy = thread != null && thread.inApplicationCode();
        boolean stuck = busy && thread.stuck();
        Severity severity = FinalizerBacklogDetector.backlogSeverity(c.queued, busy, stuck,
                stuck && app.isApplication(thread.culpritFrame().className()));
        if (severity == null) {
            return null;
        }
        long retained = c.queuedRetainedBytes
                + (c.finalizingReferent >= 0 ? heap.retainedBytes(c.finalizingReferent) : 0);
        severity = FinalizerBacklogDetector.raiseForHeapShare(severity, retained, usedHeap);

        Finding.Builder b = Finding.builder(FinalizerBacklogDetector.ID).severity(severity).count(c.queued).retainedBytes(retained)
                .owner("java.lang.ref.Finalizer.queue (static field)")
                .remediation(FinalizerBacklogDetector.REMEDIATION);
        String topClass = FinalizerBacklogDetector.topKey(c.queuedByClass);
        String objects = Units.count(c.queued) + (c.queued == 1 ? " object waits" : " objects wait") + " for finalization";
        Text.Builder summary = Text.builder();
        if (busy) {
            // The culprit comes first: it is what to fix.
            b.fingerprint("java.lang.ref.Finalizer/" + thread.culprit());
            b.title((stuck ? "Finalizer thread stuck in " : "Slow finalizer ") + FinalizerBacklogDetector.shortMethod(thread.culprit()) + "(): "
                    + objects);
            summary.append(threadSentence(Text.of("The Finalizer thread"), thread, "finalize()")).append(' ');
        } else {
            b.fingerprint("java.lang.ref.Finalizer/queue/" + (topClass == null ? "?" : topClass));
            b.title(objects);
            if (thread != null) {
                summary.append("The Finalizer thread is ").append(thread.thread().state()).append(" in JDK code. ");
            }
        }
        summary.append(Units.count(c.queued)).append(" queued for finalization");
        if (c.queueLength >= 0 && c.queueLength != c.queued) {
            // The queue counts its own length; a difference means the dump caught an enqueue or dequeue half done.
            summary.append(" (Finalizer.queue.queueLength says ").append(Units.count(c.queueLength)).append(')');
        }
        summary.append(", ").append(Units.count(c.pending)).append(" pending (found unreachable, not yet queued), ")
                .append(Units.count(c.finalizing)).append(" being finalized, ").append(Units.count(c.registered))
                .append(" registered (in use, or not yet found unreachable)")
                .append(c.unknown > 0 ? ", " + Units.count(c.unknown) + " in a state this tool does not recognise" : "")
                .append(". The queued objects hold ").append(Units.bytes(retained))
                .append(" that cannot be freed until each finalize() has run");
        if (topClass != null) {
            summary.append("; most are ").append(topClass);
        }
        summary.append('.');
        b.summary(summary.build());
        b.breakdown(FinalizerBacklogDetector.classBreakdown(c.queuedByClass));

        List<Evidence> evidence = new ArrayList<>();
        if (busy) {
            evidence.addAll(threadEvidence(heap, thread));
        }
        if (c.finalizingReferent >= 0) {
            evidence.add(Evidences.of(heap, c.finalizingReferent, Map.of("state", "being finalized")));
        }
        for (int id : c.queuedExamples) {
            if (evidence.size() >= Evidences.COLLECT_LIMIT) {
                break;
            }
            evidence.add(Evidences.of(heap, id, Map.of("state", "queued for finalization")));
        }
        b.evidence(evidence);
        return b.build();
    }

    /** "The Finalizer thread is WAITING in X.finalize() (X.java:33), parked on Y @0x.. held by thread 'Z'." */
    private static Text threadSentence(Text who, HousekeepingThreadDiagnosis d, String what) {
        Text.Builder s = Text.builder().append(who);
        StackFrame f = d.culpritFrame();
        s.append(" is ").append(d.thread().state()).append(d.stuck() ? " (stuck)" : "").append(" in ")
                .append(d.culprit()).append("(").append(f.location()).append(")");
        StackFrame deepest = d.deepestFrame();
        if (deepest != null && deepest != f) {
            s.append(", at ").append(deepest.text());
        }
        if (d.waitsOn() != null) {
            s.append(", ").append(d.waitsOn());
        }
        if (d.ownerThread() != null) {
            DumpString name = d.ownerThread().name();
            s.append(d.ownerCertain() ? ", held by thread '" : ", probably held by thread '").append(name)
                    .append("' (").append(d.ownerThread().state()).append(d.ownerCertain() ? ")"
                            : "; the dump records no monitor owners, it is the only other thread with the monitor in a "
                            + "frame local)");
        }
        s.append(d.stuck() ? ". Every " + what + " after it waits too." : ".");
        return s.build();
    }

    private static List<Evidence> threadEvidence(HeapView heap, HousekeepingThreadDiagnosis d) {
        List<Evidence> out = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("thread", d.thread().name());
        attributes.put("state", d.thread().state().name());
        attributes.put("stuck", d.stuck());
        attributes.put("in", d.culprit());
        if (d.waitsOn() != null) {
            attributes.put("waitsOn", d.waitsOn());
        }
        if (d.ownerThread() != null) {
            attributes.put(d.ownerCertain() ? "lockOwner" : "likelyMonitorOwner", d.ownerThread().name());
        }
        attributes.put("stack", d.stackText());
        out.add(Evidences.of(heap, d.thread().objectId(), attributes));
        if (d.waitsOnId() >= 0) {
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("role", "what the thread waits on");
            if (d.ownerThread() != null) {
                lock.put(d.ownerCertain() ? "owner" : "likelyOwner", d.ownerThread().name());
                lock.put("ownerStack", HousekeepingThreadDiagnosis.stackText(d.ownerThread()));
            }
            out.add(Evidences.of(heap, d.waitsOnId(), lock));
        }
        return out;
    }

    static Finding cleanerBacklog(HeapView heap, AppCode app, CleanerCensus.Cleaner c,
                                  HousekeepingThreadDiagnosis thread, LongSupplier usedHeap) {
        boolean busy = thread != null && thread.inApplicationCode();
        boolean stuck = busy && thread.stuck();
        int backlog = c.backlog();
        // Same scale as the Finalizer queue: a cleaner's queue holds each action and what it captured.
        Severity severity = FinalizerBacklogDetector.backlogSeverity(backlog, busy, stuck,
                stuck && app.isApplication(thread.culpritFrame().className()));
        if (severity == null) {
            return null;
        }
        severity = FinalizerBacklogDetector.raiseForHeapShare(severity, c.backlogRetainedBytes, usedHeap);
        DumpString threadName = thread == null ? null : thread.thread().name();
        String topAction = FinalizerBacklogDetector.topKey(c.backlogByAction);
        Finding.Builder b = Finding.builder(FinalizerBacklogDetector.ID).severity(severity).count(backlog).retainedBytes(c.backlogRetainedBytes)
                .owner(CleanerCensus.CLEANER_IMPL + ".queue (field)").remediation(FinalizerBacklogDetector.REMEDIATION);
        String what = Units.count(backlog) + " cleaning " + (backlog == 1 ? "action waits" : "actions wait")
                + " to run";
        Text.Builder summary = Text.builder();
        if (busy) {
            b.fingerprint(CleanerCensus.CLEANER_IMPL + "/" + thread.culprit());
            b.title((stuck ? "Cleaner thread stuck in " : "Slow cleaning action ") + FinalizerBacklogDetector.shortMethod(thread.culprit())
                    + "(): " + what);
            summary.append(threadSentence(Text.concat("The cleaner thread '", threadName, "'"), thread, "cleaning action"))
                    .append(' ');
        } else {
            b.fingerprint(CleanerCensus.CLEANER_IMPL + "/queue/" + (topAction == null ? "?" : topAction));
            b.title(threadName == null ? Text.of(what) : Text.concat(what + " on cleaner thread '", threadName, "'"));
        }
        summary.append(Units.count(c.queued)).append(" cleanables queued");
        if (c.queueLength >= 0 && c.queueLength != c.queued) {
            summary.append(" (CleanerImpl.queue.queueLength says ").append(Units.count(c.queueLength)).append(')');
        }
        summary.append(" and ").append(Units.count(c.pending)).append(" pending: their objects are gone but the actions "
                        + "have not run, holding ").append(Units.bytes(c.backlogRetainedBytes)).append("; ")
                .append(Units.count(c.registered)).append(" more are registered for objects still in use.");
        b.summary(summary.build());
        b.breakdown(FinalizerBacklogDetector.classBreakdown(c.backlogByAction));
        List<Evidence> evidence = new ArrayList<>();
        if (busy) {
            evidence.addAll(threadEvidence(heap, thread));
        }
        for (int id : c.backlogExamples) {
            if (evidence.size() >= Evidences.COLLECT_LIMIT) {
                break;
            }
            evidence.add(Evidences.of(heap, id, Map.of("state", "waiting for its cleaning action")));
        }
        b.evidence(evidence);
        return b.build();
    }

    /** One finding per (object class, action class): each such object can never be cleaned or collected. */
    /** True when some member of the cycle is still strongly reachable: the cycle is in use, not a backlog. */
    private static boolean anyLive(HeapView heap, int[] component) {
        for (int id : component) {
            if (heap.isLive(id)) {
                return true;
            }
        }
        return false;
    }

    static List<Finding> captures(HeapView heap, List<CleanerCaptures.Capture> all) {
        Map<String, List<CleanerCaptures.Capture>> groups = new TreeMap<>();
        for (CleanerCaptures.Capture c : all) {
            groups.computeIfAbsent(c.referentClass() + "/" + c.actionClass(), k -> new ArrayList<>()).add(c);
        }
        List<Finding> out = new ArrayList<>();
        for (List<CleanerCaptures.Capture> group : groups.values()) {
            CleanerCaptures.Capture first = group.get(0);
            long retained = 0;
            for (CleanerCaptures.Capture c : group) {
                retained += heap.retainedBytes(c.referentId());
            }
            // Certain, not a guess: the object is reachable from its own cleaner for ever, and every registration
            // adds one more. Medium at once; high when there are many.
            Severity severity = group.size() >= FinalizerBacklogDetector.HIGH_BACKLOG ? Severity.HIGH : Severity.MEDIUM;
            List<Evidence> evidence = new ArrayList<>();
            for (CleanerCaptures.Capture c : group) {
                if (evidence.size() >= Evidences.COLLECT_LIMIT) {
                    break;
                }
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("action", c.actionClass());
                attributes.put("capturedVia", c.via());
                attributes.put("cleanable", heap.classOf(c.cleanableId()).name());
                evidence.add(Evidences.of(heap, c.referentId(), attributes));
            }
            String n = Units.count(group.size());
            out.add(Finding.builder(FinalizerBacklogDetector.ID)
                    .fingerprint("cleaner-captures-referent/" + first.referentClass() + "/" + first.actionClass())
                    .severity(severity)
                    .title(n + " " + Names.simpleName(first.referentClass())
                            + (group.size() == 1 ? " is" : " are") + " never cleaned: the cleaning action captures the "
                            + "object it cleans")
                    .summary(n + " " + first.referentClass() + " objects are registered with a Cleaner whose action ("
                            + first.actionClass() + ") references the object itself (" + first.via() + "). The cleaner "
                            + "keeps the action, the action keeps the object, so the object never becomes phantom "
                            + "reachable: it is neither cleaned nor collected, and holds " + Units.bytes(retained) + ".")
                    .count(group.size())
                    .retainedBytes(retained)
                    .owner("java.lang.ref.Cleaner (registered action " + first.actionClass() + ")")
                    .breakdown(List.of(new Breakdown(first.referentClass() + " via " + first.actionClass(),
                            group.size())))
                    .evidence(evidence)
                    .remediation("Make the cleaning action a static nested class (or a lambda in a static method) "
                            + "that holds only the native state to release, never the object registered with "
                            + "Cleaner.register; 'this' and inner classes capture it.")
                    .build());
        }
        return out;
    }

    /** One finding per set of classes forming cycles; cycles made only of JDK classes are the JDK's business. */
    static List<Finding> cycles(HeapView heap, FinalizerCensus census, ReachabilityFilter filter) {
        // Only cycles that nothing but the finalizer holds any more are worth a finding: objects still in use are
        // never a backlog, whatever references they hold to each other (a library's allocator, say).
        if (census.finalizable.cardinality() < 2) {
            return List.of();
        }
        FinalizableCycles found = FinalizableCycles.find(heap, census.finalizable, filter);
        Map<String, List<int[]>> bySignature = new TreeMap<>();
        for (int[] component : found.components) {
            TreeSet<String> classes = new TreeSet<>();
            for (int id : component) {
                classes.add(heap.classOf(id).name());
            }
            if (classes.stream().allMatch(JdkClasses::isJdkClass) || anyLive(heap, component)) {
                continue;
            }
            bySignature.computeIfAbsent(String.join("+", classes), k -> new ArrayList<>()).add(component);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<int[]>> e : bySignature.entrySet()) {
            List<int[]> components = e.getValue();
            Map<String, long[]> byClass = new TreeMap<>();
            long members = 0;
            long waiting = 0;
            long retained = 0;
            for (int[] component : components) {
                for (int id : component) {
                    members++;
                    if (census.waiting.get(id)) {
                        waiting++;
                    }
                    long r = heap.retainedBytes(id);
                    retained += r;
                    long[] perClass = byClass.computeIfAbsent(heap.classOf(id).name(), k -> new long[2]);
                    perClass[0]++;
                    perClass[1] += r;
                }
            }
            // A cycle is not a leak in the JVM (the GC collects cycles), but each of its objects is freed only after
            // every finalize() in it has run, in no defined order, and a second GC: low, medium when many are
            // already waiting that way.
            Severity severity = waiting >= FinalizerBacklogDetector.MEDIUM_BACKLOG ? Severity.MEDIUM : Severity.LOW;
            List<Evidence> evidence = new ArrayList<>();
            for (int[] component : components) {
                if (evidence.size() >= Evidences.COLLECT_LIMIT) {
                    break;
                }
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("cycleSize", component.length);
                attributes.put("state", census.waiting.get(component[0]) ? "waiting for finalization" : "in use");
                evidence.add(Evidences.of(heap, component[0], attributes));
            }
            String classes = e.getKey().replace("+", ", ");
            out.add(Finding.builder(FinalizerBacklogDetector.ID)
                    .fingerprint("cycle/" + e.getKey())
                    .severity(severity)
                    .title(Units.count(members) + " finalizable objects in " + Units.count(components.size())
                            + " reference cycles")
                    .summary(Units.count(components.size()) + " cycles of finalizable objects (" + classes + "), "
                            + Units.count(members) + " objects, " + Units.count(waiting) + " of them already waiting for "
                            + "finalization. Objects in such a cycle keep each other until every finalize() in it "
                            + "has run, in no defined order (each may see the others already finalized), and are "
                            + "freed only by a later GC; they hold " + Units.bytes(retained) + "."
                            + (found.truncated ? " The cycle search was bounded; there may be more." : ""))
                    .count(members)
                    .retainedBytes(retained)
                    .breakdown(FinalizerBacklogDetector.classBreakdown(byClass))
                    .evidence(evidence)
                    .remediation("Move the cleanup out of finalize() (try-with-resources, or a Cleaner whose action "
                            + "holds only native state), or break the cycle with a weak reference back to the owner.")
                    .build());
        }
        return out;
    }
}
