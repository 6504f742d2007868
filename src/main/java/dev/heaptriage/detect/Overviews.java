package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.ClassHistogram;
import dev.heaptriage.report.Overview;
import dev.heaptriage.report.ThreadOverview;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The whole-dump tables of the command line, built from the heap into report records. */
public final class Overviews {
    private Overviews() {
    }

    /** Top-level objects {@link #of} keeps for {@code heaptriage top}, the levels below each, and children per level. */
    public static final int TOP_ROWS = 50;
    public static final int TOP_DEPTH = 3;
    public static final int TOP_CHILDREN = 10;

    /** Every table, the top of the dominator tree with owners as the dump says (no {@code --app-packages}). */
    public static Overview of(HeapView heap) {
        return new Overview(Analyzer.summary(heap), threads(heap), histogram(heap), List.of(),
                new Dominators(heap, AppCode.infer(heap)).top(TOP_ROWS, TOP_DEPTH, TOP_CHILDREN));
    }

    /** Every thread of the dump, in the heap's order (by name). */
    public static ThreadOverview threads(HeapView heap) {
        List<ThreadOverview.Thread> out = new ArrayList<>();
        for (HeapThread t : heap.threads()) {
            Set<Integer> locals = new HashSet<>();
            List<String> frames = new ArrayList<>(t.frames().size());
            for (StackFrame f : t.frames()) {
                for (int id : f.localIds()) {
                    locals.add(id);
                }
                frames.add(f.text());
            }
            long retained = 0;
            for (int id : locals) {
                retained += heap.retainedBytes(id);
            }
            // not a sentence: the threads table's name column (threads --redact replaces it)
            out.add(new ThreadOverview.Thread(t.name().contents(), t.state().name(), t.daemon(), t.virtual(), retained,
                    Threads.blockedOn(heap, t), frames));
        }
        return new ThreadOverview(out);
    }

    /** Every class with instances, by shallow bytes (largest first), then name; classes of one name merged. */
    public static ClassHistogram histogram(HeapView heap) {
        Map<String, long[]> byName = new LinkedHashMap<>();
        Map<Integer, Long> shallowBytes = heap.shallowBytesByClass();
        Map<Integer, Long> retained = heap.retainedBytesByClass();
        for (HeapClass c : heap.allClasses()) {
            int n = c.instanceCount();
            if (n == 0) {
                continue;
            }
            long shallow = shallowBytes.getOrDefault(c.id(), 0L);
            long[] row = byName.computeIfAbsent(c.name(), k -> new long[3]);
            row[0] += n;
            row[1] += shallow;
            row[2] += retained.getOrDefault(c.id(), 0L);
        }
        List<ClassHistogram.Row> rows = new ArrayList<>();
        byName.forEach((name, v) -> rows.add(new ClassHistogram.Row(name, v[0], v[1], Math.max(v[1], v[2]))));
        rows.sort(Comparator.comparingLong(ClassHistogram.Row::shallowBytes).reversed()
                .thenComparing(ClassHistogram.Row::className));
        return new ClassHistogram(rows);
    }
}
