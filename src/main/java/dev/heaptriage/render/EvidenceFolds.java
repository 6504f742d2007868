package dev.heaptriage.render;

import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.PathStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a finding's identical evidence rows into one with a count, for the document formats: examples that differ
 * only in their addresses and in the array slots on their paths (twenty buffers in one list) are one row, shown with
 * the first example's object id and, where the slots differ, {@code [*]}. Anything else that differs (an attribute,
 * a size, a class on the path, the thread of a root) keeps the rows apart. The JSON report keeps every example.
 */
final class EvidenceFolds {
    private EvidenceFolds() {
    }

    /** Examples that read the same: the first of them, how many, and their path root first in compact steps. */
    record Fold(Evidence first, int count, List<String> path) {
    }

    static List<Fold> fold(List<Evidence> evidence) {
        Map<String, List<Evidence>> groups = new LinkedHashMap<>();
        for (Evidence e : evidence) {
            groups.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e);
        }
        List<Fold> out = new ArrayList<>(groups.size());
        for (List<Evidence> group : groups.values()) {
            out.add(new Fold(group.get(0), group.size(), path(group)));
        }
        return out;
    }

    /** What must be equal for two examples to share a row: everything but addresses and array slots. */
    private static String key(Evidence e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.className()).append('\u0000').append(e.shallowBytes()).append('\u0000')
                .append(e.retainedBytes()).append('\u0000');
        e.attributes().forEach((k, v) -> sb.append(k).append('=').append(Formats.attributeValue(v)).append('\u0000'));
        for (PathStep step : e.pathToGcRoot()) {
            PathStep.Via via = step.via();
            sb.append('\u0000').append(step.className()).append('|').append(via.kind()).append('|')
                    .append(via.name()).append('|').append(via.frame() == null ? "" : via.frame().text())
                    .append('|').append(step.rootsText());
        }
        return sb.toString();
    }

    /** The group's path, root first; an array slot that differs between the examples reads {@code [*]}. */
    private static List<String> path(List<Evidence> group) {
        List<PathStep> first = group.get(0).pathToGcRoot();
        List<String> steps = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            PathStep step = first.get(i);
            boolean slotsDiffer = false;
            if (step.via().kind() == PathStep.Via.Kind.ELEMENT) {
                for (Evidence other : group) {
                    if (other.pathToGcRoot().get(i).via().index() != step.via().index()) {
                        slotsDiffer = true;
                        break;
                    }
                }
            }
            steps.add(slotsDiffer ? new PathStep(step.className(), 0, step.simpleName(), PathStep.Via.element(-1),
                    step.roots()).compact().replace("[?]", "[*]") : step.compact());
        }
        return reverse(steps);
    }

    private static List<String> reverse(List<String> objectFirst) {
        List<String> out = new ArrayList<>(objectFirst);
        java.util.Collections.reverse(out);
        return out;
    }
}
