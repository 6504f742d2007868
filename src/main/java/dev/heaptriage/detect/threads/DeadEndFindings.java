package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.threads.DeadEnds.Exhausted;
import dev.heaptriage.detect.threads.DeadEnds.Uncancellable;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.text.DumpString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words of the {@code parked-threads} findings about what is reachable yet dead: periodic tasks nobody can
 * cancel (one finding per task class), and pools drained by leases nobody holds (one per pool).
 */
final class DeadEndFindings {
    private DeadEndFindings() {
    }

    /** One finding per application task class, most tasks first in the evidence. */
    static List<Finding> periodic(HeapView heap, AppCode app, List<Uncancellable> tasks) {
        Map<String, List<Uncancellable>> byClass = new TreeMap<>();
        for (Uncancellable u : tasks) {
            byClass.computeIfAbsent(DeadEnds.codeClass(u.code()), k -> new ArrayList<>()).add(u);
        }
        Owners owners = new Owners(heap, app);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Uncancellable>> e : byClass.entrySet()) {
            List<Uncancellable> group = e.getValue();
            Uncancellable first = group.get(0);
            int count = group.size();
            String cls = e.getKey();
            String poolKind = Names.simpleName(JdkClasses.jdkClassName(first.pool().heapClass()));
            Owner poolOwner = owners.of(first.pool().id());
            String every = Units.seconds(first.periodMillis());
            long pinned = 0;
            for (Uncancellable u : group) {
                pinned += heap.retainedBytes(u.task().id());
            }
            String n = Units.count(count);
            String handle = poolKind.equals("Timer") ? (count == 1 ? "the TimerTask" : "the TimerTasks")
                    : count == 1 ? "its ScheduledFuture or the task" : "their ScheduledFutures or the tasks";
            String why = n + " periodic " + Names.simpleName(cls) + (count == 1 ? " task" : " tasks") + " ("
                    + cls + ", every " + every + (first.fixedRate() ? "" : " after the last run") + ") on a "
                    + poolKind + " still in use" + (poolOwner.application() ? " (" + poolOwner.label() + ")" : "")
                    + ": nothing but the scheduler's queue references " + handle + ", so nobody can ever cancel() "
                    + (count == 1 ? "it" : "them") + ". " + (count == 1 ? "It runs" : "They run")
                    + " until the pool shuts down, and each call that scheduled one added another.";
            List<Evidence> evidence = new ArrayList<>();
            for (Uncancellable u : group) {
                if (evidence.size() >= Evidences.COLLECT_LIMIT) {
                    break;
                }
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("blocker", "periodic task");
                attributes.put("taskClass", cls);
                attributes.put("periodMillis", u.periodMillis());
                attributes.put("fixedRate", u.fixedRate());
                attributes.put("scheduler", poolKind);
                evidence.add(Evidences.of(heap, u.task().id(), attributes));
            }
            out.add(Finding.builder(ParkedThreadsDetector.ID)
                    .fingerprint("periodic/" + poolKind + "/" + cls)
                    .severity(ParkedRule.severity(count, pinned))
                    .title(n + " periodic " + Names.simpleName(cls) + (count == 1 ? " task" : " tasks")
                            + " can never be cancelled")
                    .summary(why)
                    .count(count)
                    .retainedBytes(pinned)
                    .owner(cls + " (scheduled without keeping its ScheduledFuture)")
                    .breakdown(List.of(new Breakdown(cls, count)))
                    .evidence(evidence)
                    .remediation(poolKind.equals("Timer")
                            ? "Keep each TimerTask and cancel() it when its owner is done (then purge() the Timer), "
                            + "or schedule once per service, not per call."
                            : "Keep the ScheduledFuture that scheduleAtFixedRate/scheduleWithFixedDelay returns "
                            + "and cancel() it when the task's owner is done (setRemoveOnCancelPolicy(true) lets "
                            + "cancelled tasks leave the queue at once); schedule once per service, not per call.")
                    .build());
        }
        return out;
    }

    /** One finding per exhausted pool: count = the threads waiting for a lease. */
    static List<Finding> leases(HeapView heap, AppCode app, List<Exhausted> pools) {
        Owners owners = new Owners(heap, app);
        List<Finding> out = new ArrayList<>();
        for (Exhausted e : pools) {
            int waiting = e.waiters().size();
            int leased = e.leases().leased().size();
            String poolClass = e.leases().pool().className();
            String kind = Names.simpleName(poolClass);
            Owner owner = owners.of(e.leases().pool().id());
            List<DumpString> names = new ArrayList<>();
            boolean virtual = e.waiters().get(0).virtual();
            for (HeapThread t : e.waiters()) {
                if (names.size() < 5) {
                    names.add(t.name());
                }
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("blocker", kind);
            attributes.put("maxTotal", e.leases().maxTotal());
            attributes.put("leased", leased);
            attributes.put("waitingThreads", waiting);
            attributes.put("threadNames", names);
            String threads = (virtual ? "virtual thread" : "thread") + (waiting == 1 ? "" : "s");
            long pinned = heap.retainedBytes(e.leases().pool().id());
            Finding.Builder b = Finding.builder(ParkedThreadsDetector.ID);
            out.add(b.fingerprint("lease/" + JdkClasses.stableClassName(poolClass) + "/"
                            + (owner.application() ? owner.key() : "unknown"))
                    .severity(ParkedRule.severity(waiting, pinned))
                    .title(Units.count(waiting) + " " + threads + (waiting == 1 ? " waits" : " wait")
                            + " forever for a lease from a " + kind
                            + " whose " + Units.count(leased) + " leased objects nobody holds")
                    .summary(Units.count(waiting) + " " + threads + (waiting == 1 ? " waits" : " wait")
                            + " to borrow from " + poolClass + (owner.application() ? " (" + owner.label() + ")" : "")
                            + " that may lend " + Units.count(e.leases().maxTotal()) + " objects and has lent all "
                            + Units.count(leased) + ", yet nothing but the pool's own bookkeeping holds any of them: "
                            + "they were borrowed and never returned, so no lease will ever come back and every "
                            + "borrower waits forever (or until its timeout).")
                    .count(waiting)
                    .retainedBytes(pinned)
                    .owner(owner.application() ? owner.label() : null)
                    .breakdown(ParkedRule.namesOf(e.waiters()))
                    .evidence(List.of(Evidences.of(heap, e.leases().pool().id(), attributes)))
                    .remediation("Return every borrowed object in a finally block (returnObject, or close() on a "
                            + "pooled connection), set a maximum wait so borrowers fail instead of waiting forever, "
                            + "and let the pool reclaim abandoned leases (AbandonedConfig).")
                    .build());
        }
        return out;
    }
}
