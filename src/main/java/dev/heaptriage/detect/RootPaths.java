package dev.heaptriage.detect;

import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.TopTable;
import dev.heaptriage.report.WhyTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merged shortest paths from GC roots ({@code heaptriage why}), as MAT's "merge shortest paths to GC roots": the
 * shortest path of each target, turned root first, merged step by step where the steps are the same class held the
 * same way; a run of the same step (a linked list's {@code next}) is one node. Targets that only the finalizer or a cleaner holds are counted apart and left out unless asked
 * ({@code includeNotLive}); weak and soft referents are never followed by the heap view, so no path goes through
 * them.
 */
public final class RootPaths {
    private final HeapView heap;
    private final AppCode app;

    public RootPaths(HeapView heap, AppCode app) {
        this.heap = heap;
        this.app = app;
    }

    /** A tree node while it is built. */
    private static final class Building {
        final String step;
        final String className;
        long count;
        long retained;
        boolean application;
        boolean chain;
        final Map<String, Building> children = new LinkedHashMap<>();

        Building(String step, String className) {
            this.step = step;
            this.className = className;
        }

        WhyTree.Node done() {
            List<WhyTree.Node> kids = sorted(children);
            return new WhyTree.Node(step, className, count, retained, application, chain, kids);
        }
    }

    /**
     * The merged paths of {@code targets} (object ids): the {@code maxPaths} that retain most, largest first.
     * {@code redact} replaces thread names in the steps (roots and locals name threads).
     */
    public WhyTree why(String target, int[] targets, int maxPaths, boolean includeNotLive, boolean redact) {
        List<Integer> ids = new ArrayList<>();
        long retainedAll = 0;
        long notLive = 0;
        for (int id : targets) {
            retainedAll += heap.retainedBytes(id);
            if (!heap.isLive(id)) {
                notLive++;
                if (!includeNotLive) {
                    continue;
                }
            }
            ids.add(id);
        }
        ids.sort(Comparator.<Integer>comparingLong(heap::retainedBytes).reversed().thenComparingLong(heap::address));
        Map<String, Building> roots = new LinkedHashMap<>();
        int merged = 0;
        for (int id : ids) {
            if (merged == maxPaths) {
                break;
            }
            merged++;
            List<PathStep> path = Evidences.steps(heap.pathToGcRoot(id));
            long retained = heap.retainedBytes(id);
            Map<String, Building> level = roots;
            Building previous = null;
            boolean appSeen = false;
            for (int i = path.size() - 1; i >= 0; i--) {
                PathStep s = redact ? TopTable.redactStep(path.get(i)) : path.get(i);
                String label = label(s);
                if (previous != null && previous.step.equals(label)) {
                    previous.chain = true; // one step of a linked structure after another: one node
                    continue;
                }
                Building b = level.computeIfAbsent(label, k -> new Building(label, s.className()));
                b.count++;
                b.retained += retained;
                if (!appSeen && app.isApplication(s.className())) {
                    b.application = true;
                    appSeen = true;
                }
                level = b.children;
                previous = b;
            }
        }
        return new WhyTree(target, targets.length, retainedAll, merged, notLive, sorted(roots));
    }

    /** The compact step with array slots merged: {@code HashMap$Node[]} rather than {@code HashMap$Node[17]}. */
    static String label(PathStep s) {
        if (s.via().kind() == PathStep.Via.Kind.ELEMENT) {
            String r = s.rootsText();
            return s.simpleName() + (r.isEmpty() ? "" : " " + r);
        }
        return s.compact();
    }

    private static List<WhyTree.Node> sorted(Map<String, Building> level) {
        List<WhyTree.Node> out = new ArrayList<>();
        for (Building b : level.values()) {
            out.add(b.done());
        }
        out.sort(Comparator.comparingLong(WhyTree.Node::count).reversed()
                .thenComparing(Comparator.comparingLong(WhyTree.Node::retainedBytes).reversed())
                .thenComparing(WhyTree.Node::step));
        return out;
    }
}
