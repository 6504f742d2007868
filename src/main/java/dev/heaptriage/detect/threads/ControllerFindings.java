package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.threads.Controllers.Controller;
import dev.heaptriage.detect.threads.Creators.Creator;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.text.Text;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The words of a {@code parked-threads} finding for threads of a library object that the application dropped without
 * its stop call (issue 21): how many such objects (the per-request or per-tenant multiplicity is the evidence), their
 * threads' names, states and what they wait in, and the stop call, in the words of the object's own class. The owner
 * is the application code that made or holds it when the heap shows one, else "nothing in the application holds it".
 */
final class ControllerFindings {
    private ControllerFindings() {
    }

    /** The owner's words when no application code holds or made the object. */
    static String droppedOwner(Controller c) {
        return "nothing in the application holds it: dropped without " + Names.simpleName(c.className()) + "."
                + c.stopCall();
    }

    static Finding finding(HeapView heap, AppCode app, List<Waiter> group, String fingerprint, Creator creator,
                           Notes notes, List<Controller> controllers) {
        Waiter first = group.get(0);
        int count = group.size();
        Controller controller = controllers.get(0);
        Set<Integer> distinct = new LinkedHashSet<>();
        for (Controller c : controllers) {
            distinct.add(c.id());
        }
        int owners = distinct.size();
        String cls = controller.className();
        String simple = Names.simpleName(cls);
        String stop = controller.stopCall();
        String threads = ParkedFindings.threadNoun(first, count);
        boolean byApplication = creator.label() != null && app.isApplication(creator.key().split("[ ,]")[0]);
        String owner = byApplication ? creator.label() : droppedOwner(controller);
        Map<String, Integer> states = new TreeMap<>();
        for (Waiter w : group) {
            states.merge(w.thread().state().name(), 1, Integer::sum);
        }
        StringBuilder stateText = new StringBuilder();
        states.forEach((s, n) -> stateText.append(stateText.length() == 0 ? "" : ", ").append(n).append(' ').append(s));
        boolean hooked = notes.onlyFromShutdownHooks(first.structure());
        String title = Units.count(count) + " " + threads + " of " + Units.count(owners) + " dropped "
                + Units.noun(owners, simple) + " " + (count == 1 ? "runs" : "run") + " forever";
        String why = Units.count(owners) + " " + Units.noun(owners, cls) + " that nothing in the application "
                + "references any more (only " + (count == 1 ? "its own thread" : "their own threads")
                + (hooked ? " and a shutdown hook" : "") + ", a library's internal registry or another thread's "
                + "thread-locals keep " + (owners == 1 ? "it" : "them") + " alive) still "
                + (owners == 1 ? "runs " : "run ") + Units.count(count) + " " + threads + " (" + stateText + ")"
                + (byApplication ? ", made by " + creator.label() : "") + ": " + (owners == 1 ? "it was" : "they were")
                + " never stopped with " + stop + ", and nobody can call it any more, so the threads live until the "
                + "JVM exits. Each new one adds its threads: the count is the multiplicity of a per-request or "
                + "per-tenant object.";
        String fix = "Call " + stop + " on each " + simple + " when its owner is done with it (try-with-resources or "
                + "finally), or create one " + simple + " for the application and share it.";
        Finding.Builder b = Finding.builder(ParkedThreadsDetector.ID);
        Map<Integer, List<Waiter>> byStructure = ParkedFindings.byStructure(group);
        long pinned = ParkedFindings.pinnedBytes(heap, group, byStructure.keySet());
        b.fingerprint(fingerprint)
                .severity(ParkedRule.severity(count, pinned))
                .title(title)
                .summary(ParkedFindings.withStack(Text.of(why), first))
                .count(count)
                .retainedBytes(pinned)
                .owner(owner)
                .breakdown(ParkedRule.namePatterns(group))
                .evidence(ParkedFindings.evidence(heap, byStructure, hooked ? Map.of("onlyShutdownHook", true)
                        : Map.of()))
                .remediation(fix);
        return b.build();
    }
}
