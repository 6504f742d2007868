package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.threads.Waiter.Kind;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.units.Units;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words and evidence of a {@code parked-threads} finding for threads parked on a blocker (a queue, synchronizer,
 * future or monitor): title, why nothing can wake the threads, the shared stack, the fix for the blocker kind, the
 * heap they pin and who made the blocker; and the pieces every finding of the detector shares.
 */
final class ParkedFindings {
    /** Frames of the shared stack shown in the summary; the rest is summarised as "… N more". */
    static final int SHOWN_FRAMES = 8;

    private ParkedFindings() {
    }

    static Finding finding(HeapView heap, AppCode app, List<Waiter> group, String fingerprint, Notes notes) {
        Waiter first = group.get(0);
        int count = group.size();
        Map<Integer, List<Waiter>> byStructure = byStructure(group);
        long pinned = pinnedBytes(heap, group, byStructure.keySet());

        String threads = threadNoun(first, count);
        String n = Units.count(count);
        String structures = Units.count(byStructure.size());
        List<Integer> producers = notes.deadHolders(first.structure());
        Text held = producers.isEmpty() ? Text.of("only the waiting threads can reach")
                : Text.concat("only the waiting threads and " + Units.count(producers.size()) + " terminated "
                + (producers.size() == 1 ? "thread" : "threads") + " (", names(heap, producers), ") can reach");
        String title;
        Text why;
        String fix;
        if (first.kind() == Kind.MONITOR) {
            title = n + " " + threads + (count == 1 ? " waits" : " wait") + " forever on monitors nobody else "
                    + "can reach";
            why = Text.concat(n + " " + threads + (count == 1 ? " waits" : " wait")
                    + " in Object.wait() on a monitor that ", held, ": no other thread can ever call notify() on it.");
            fix = "Hand the monitor to the code that should notify (or use a java.util.concurrent "
                    + "synchronizer), make every path notify, and wait with a timeout in a loop that checks a "
                    + "condition.";
        } else {
            title = n + " " + threads + " parked forever on "
                    + (byStructure.size() == 1 ? article(first.blockerKind()) + " " : "")
                    + Units.noun(byStructure.size(), first.blockerKind()) + " nobody else can reach";
            why = Text.concat(n + " " + threads + (count == 1 ? " waits on " : " wait on ") + structures + " "
                    + Units.noun(byStructure.size(), first.blockerKind()) + " that ", held, ": no "
                    + "other live thread and no live object holds " + (byStructure.size() == 1 ? "it" : "them")
                    + ", so nothing can ever " + wakeVerb(first.blockerKind()) + "."
                    + (producers.isEmpty() ? "" : " Its producers have all ended."));
            fix = remediation(first.blockerKind());
        }
        Finding.Builder b = Finding.builder(ParkedThreadsDetector.ID);
        b.fingerprint(fingerprint)
                .severity(ParkedRule.severity(count, pinned))
                .title(title)
                .summary(withStack(why, first))
                .count(count)
                .retainedBytes(pinned)
                .owner(owner(heap, app, first))
                .breakdown(ParkedRule.namePatterns(group))
                .evidence(evidence(heap, byStructure, producers.isEmpty() ? Map.of()
                        : Map.of("terminatedProducers", producers.size())))
                .remediation(fix);
        return b.build();
    }

    /** The waiters of a group by the structure they wait on, in group order. */
    static Map<Integer, List<Waiter>> byStructure(List<Waiter> group) {
        Map<Integer, List<Waiter>> out = new LinkedHashMap<>();
        for (Waiter w : group) {
            out.computeIfAbsent(w.structure(), k -> new ArrayList<>()).add(w);
        }
        return out;
    }

    static String threadNoun(Waiter first, int count) {
        return (first.thread().virtual() ? "virtual thread" : "thread") + (count == 1 ? "" : "s");
    }

    /** {@code 'producer-0', 'producer-1'}: up to three thread names, quoted (dump strings). */
    static Text names(HeapView heap, List<Integer> threads) {
        Text.Builder sb = Text.builder();
        for (int i = 0; i < Math.min(3, threads.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append('\'').append(threadName(heap, threads.get(i))).append('\'');
        }
        return threads.size() > 3 ? sb.append(", …").build() : sb.build();
    }

    /** The name of a thread object, live or terminated. */
    static DumpString threadName(HeapView heap, int threadId) {
        DumpString name = heap.object(threadId).stringValue("name");
        return name == null ? DumpString.of("") : name;
    }

    /** The why, then the shared stack, {@value #SHOWN_FRAMES} frames at most. */
    static Text withStack(Text why, Waiter first) {
        Text.Builder summary = Text.builder().append(why);
        summary.append("\nshared stack:");
        List<StackFrame> shown = first.trimmed();
        for (int i = 0; i < Math.min(SHOWN_FRAMES, shown.size()); i++) {
            summary.append("\n  at ").append(WaitClassifier.frameText(shown.get(i)));
        }
        if (shown.size() > SHOWN_FRAMES) {
            summary.append("\n  … ").append(shown.size() - SHOWN_FRAMES).append(" more");
        }
        return summary.build();
    }

    private static String article(String noun) {
        return "AEIOU".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String wakeVerb(String kind) {
        return switch (kind) {
            case "CountDownLatch" -> "count it down";
            case "CyclicBarrier" -> "bring the missing parties";
            case "Semaphore" -> "release a permit";
            case "Exchanger" -> "arrive with the other half";
            default -> isFuture(kind) ? "complete it" : "put an element or signal them";
        };
    }

    private static String remediation(String kind) {
        return switch (kind) {
            case "CountDownLatch" -> "Count down in a finally block on every path (including failures), and await "
                    + "with a timeout.";
            case "CyclicBarrier" -> "Make sure every party arrives or the barrier is reset on failure, and await with "
                    + "a timeout.";
            case "Semaphore" -> "Release permits in finally blocks, and use tryAcquire with a timeout.";
            case "FutureTask" -> "Make sure the task is submitted and runs (or cancel it), and use get(timeout).";
            case "Exchanger" -> "Make sure the partner thread arrives, and use exchange(x, timeout).";
            default -> isFuture(kind) ? "Complete the future on every path (completeExceptionally or setException on "
                    + "failure, cancel when abandoned), and wait with get(timeout) or orTimeout()."
                    : "Give the producer a way to signal the end (close the queue, put a poison pill, interrupt "
                    + "the consumers) when it stops, and use poll(timeout) instead of take().";
        };
    }

    /** A future or promise of any library (CompletableFuture, Guava's SettableFuture, Netty's DefaultPromise). */
    static boolean isFuture(String kind) {
        return kind.contains("Future") || kind.contains("Promise");
    }

    /**
     * Bytes that the stuck threads pin: what each thread object retains (its locals, its Runnable, a private queue)
     * plus what each blocker structure retains when no thread of the group dominates it (a queue shared by several
     * threads, a pool). The threads' native stacks are not in the heap and not counted.
     */
    static long pinnedBytes(HeapView heap, List<Waiter> group, Set<Integer> structures) {
        BitSet threads = new BitSet();
        long sum = 0;
        for (Waiter w : group) {
            threads.set(w.thread().objectId());
            sum += heap.retainedBytes(w.thread().objectId());
        }
        for (int s : structures) {
            if (!dominatedByAny(heap, s, threads)) {
                sum += heap.retainedBytes(s);
            }
        }
        return sum;
    }

    private static boolean dominatedByAny(HeapView heap, int id, BitSet threads) {
        int cur = heap.immediateDominator(id);
        for (int steps = 0; cur >= 0 && steps < 10_000; steps++) {
            if (threads.get(cur)) {
                return true;
            }
            cur = heap.immediateDominator(cur);
        }
        return false;
    }

    /**
     * Who made the blocker, as class and field names: the application class field that holds the structure (often
     * the waiting thread's own Runnable).
     */
    private static String owner(HeapView heap, AppCode app, Waiter w) {
        for (int r : heap.referrers(w.structure())) {
            HeapClass rc = heap.classOf(r);
            if (rc.isArrayType() || !app.isApplication(rc.name()) || rc.isSubclassOf(Threads.THREAD)) {
                continue;
            }
            String field = heap.object(r).fieldReferencing(w.structure());
            if (field == null) {
                continue;
            }
            String holder = JdkClasses.stableClassName(rc.name());
            if (holder.contains("$$Lambda")) {
                // A captured variable (arg$1) means nothing to a reader; the class that wrote the lambda does.
                return "captured by a lambda of " + holder.substring(0, holder.indexOf("$$Lambda"))
                        + " (reachable only from the waiting threads)";
            }
            return holder + "." + field + " (field, reachable only from the waiting threads)";
        }
        return null;
    }

    /**
     * One evidence entry per blocker structure (most waiters first): its path shows who holds it, which for a stuck
     * blocker is a waiting thread. Attributes name the waiting threads (redacted with {@code --redact}).
     */
    static List<Evidence> evidence(HeapView heap, Map<Integer, List<Waiter>> byStructure, Map<String, Object> extra) {
        List<Map.Entry<Integer, List<Waiter>>> entries = new ArrayList<>(byStructure.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<Integer, List<Waiter>> e) -> e.getValue().size()).reversed());
        List<Evidence> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Waiter>> e : entries) {
            if (out.size() >= Evidences.COLLECT_LIMIT) {
                break;
            }
            List<Waiter> ws = e.getValue();
            Waiter w = ws.get(0);
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("blocker", w.blockerKind());
            attributes.put("waitingThreads", ws.size());
            List<DumpString> names = new ArrayList<>();
            for (int i = 0; i < Math.min(5, ws.size()); i++) {
                names.add(ws.get(i).thread().name());
            }
            attributes.put("threadNames", names);
            attributes.put("state", w.thread().state().name());
            if (w.kind() == Kind.TIMER) {
                attributes.put("periodicTasks", Timers.periodicTasks(heap, heap.object(w.structure())).size());
            }
            if (!w.creator().isEmpty()) {
                attributes.put("createdBy", w.creator());
            }
            attributes.putAll(extra);
            out.add(Evidences.of(heap, e.getKey(), attributes));
        }
        return out;
    }
}
