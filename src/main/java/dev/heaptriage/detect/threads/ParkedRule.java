package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.threads.Waiter.GroupKey;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Severity;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules of {@code parked-threads} that need no heap: severity by count and pinned bytes, fingerprints (class and
 * method names only, unique within a report), and thread-name patterns.
 */
final class ParkedRule {
    /** Guide from the issue: ten stuck threads are worth fixing soon, a hundred are an incident in the making. */
    static final int MEDIUM_COUNT = 10;
    static final int HIGH_COUNT = 100;
    /** Pinned heap that raises the severity whatever the count: one stuck thread can hold a large cache. */
    static final long MEDIUM_BYTES = 16L << 20;
    static final long HIGH_BYTES = 256L << 20;
    /** Example thread-name patterns kept in the breakdown. */
    static final int NAME_PATTERNS = 10;

    /** Lambda and hidden-class names carry addresses that change from run to run: {@code Foo$$Lambda$8+0x7f..}. */
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private ParkedRule() {
    }

    static Severity severity(long count, long pinnedBytes) {
        if (count >= HIGH_COUNT || pinnedBytes >= HIGH_BYTES) {
            return Severity.HIGH;
        }
        if (count >= MEDIUM_COUNT || pinnedBytes >= MEDIUM_BYTES) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    /** Blocker kind plus the application code that waits (or created the pool/timer): class and method names only. */
    static String fingerprint(Waiter w) {
        String where;
        if (w.kind().owned()) {
            where = w.creator().isEmpty() ? "default" : w.creator().replace(", ", "+");
        } else {
            where = w.trimmed().stream().filter(f -> !JdkClasses.isJdkClass(f.className())).findFirst()
                    .map(f -> JdkClasses.stableClassName(f.className()) + "." + f.methodName())
                    .orElseGet(() -> w.trimmed().isEmpty() ? "unknown"
                            : JdkClasses.stableClassName(w.trimmed().get(0).className()) + "." + w.trimmed().get(0).methodName());
        }
        return w.kind().token() + "/" + w.blockerKind() + (w.thread().virtual() ? "/virtual" : "")
                + "/" + where;
    }

    /**
     * One fingerprint per group. Groups differ by their whole stack, the fingerprint names only the first application
     * frame, so two waits in one method (or one wait reached from two callers) would share it and a baseline would
     * merge them: those get every application frame, and groups still alike (two lines of one method) a #n in
     * group-key order, which is the same in every dump of the same code.
     */
    static Map<List<Waiter>, String> uniqueFingerprints(Map<GroupKey, List<Waiter>> groups) {
        Map<String, List<GroupKey>> keysByPrint = new TreeMap<>();
        Map<GroupKey, List<Waiter>> byKey = new TreeMap<>(groups);
        for (Map.Entry<GroupKey, List<Waiter>> e : byKey.entrySet()) {
            keysByPrint.computeIfAbsent(fingerprint(e.getValue().get(0)), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<List<Waiter>, String> out = new IdentityHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Map.Entry<String, List<GroupKey>> e : keysByPrint.entrySet()) {
            for (GroupKey key : e.getValue()) {
                List<Waiter> group = byKey.get(key);
                String print = e.getValue().size() == 1 ? e.getKey() : e.getKey() + "/" + applicationFrames(group.get(0));
                int n = seen.merge(print, 1, Integer::sum);
                out.put(group, n == 1 ? print : print + "#" + n);
            }
        }
        return out;
    }

    private static String applicationFrames(Waiter w) {
        StringBuilder sb = new StringBuilder();
        for (StackFrame f : w.trimmed()) {
            if (!JdkClasses.isJdkClass(f.className())) {
                sb.append(sb.length() == 0 ? "" : "<").append(JdkClasses.stableClassName(f.className())).append('.')
                        .append(f.methodName());
            }
        }
        return sb.length() == 0 ? "jdk" : sb.toString();
    }

    /** Thread names with digits folded ({@code sync-consumer-*}): examples without a line per thread. */
    static List<Breakdown> namePatterns(List<Waiter> group) {
        return namesOf(group.stream().map(Waiter::thread).toList());
    }

    /** {@link #namePatterns} of threads. */
    static List<Breakdown> namesOf(List<HeapThread> threads) {
        // Patterns are dump strings still (a thread's name with its digits starred): the breakdown quotes them.
        Map<DumpString, Long> counts = new TreeMap<>();
        for (HeapThread t : threads) {
            counts.merge(t.name().replaceAll(DIGITS, "*"), 1L, Long::sum);
        }
        List<Breakdown> out = new ArrayList<>();
        counts.forEach((label, c) -> out.add(new Breakdown(label.isEmpty() ? Text.of("(unnamed)") : Text.of(label), c)));
        // Sorted by count, then by pattern (TreeMap order; the sort is stable).
        out.sort(Comparator.comparingLong(Breakdown::count).reversed());
        return out.size() > NAME_PATTERNS ? List.copyOf(out.subList(0, NAME_PATTERNS)) : out;
    }
}
