package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.libs.GuavaServices;
import dev.heaptriage.detect.threads.Creators.Creator;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.text.Text;
import java.util.List;
import java.util.Map;

/**
 * The words of a {@code parked-threads} finding for threads that live as long as an owner nobody can stop: a pool,
 * a {@code Timer}, a Netty event-loop group or wheel timer, a library's background thread, an application loop. Each
 * says why nothing can stop them, who made the owner, and the owner's own stop API.
 */
final class OwnedFindings {
    private OwnedFindings() {
    }

    static Finding finding(HeapView heap, AppCode app, List<Waiter> group, String fingerprint, Creator creator, Notes notes) {
        Waiter first = group.get(0);
        int count = group.size();
        Map<Integer, List<Waiter>> byStructure = ParkedFindings.byStructure(group);
        long pinned = ParkedFindings.pinnedBytes(heap, group, byStructure.keySet());
        String n = Units.count(count);
        int owners = byStructure.size();
        String threads = ParkedFindings.threadNoun(first, count);
        String kind = first.blockerKind();
        boolean hooked = notes.onlyFromShutdownHooks(first.structure());
        String unreferenced = hooked ? "that only a shutdown hook references" : "that nothing references";
        // An application holder found above the owner is itself reachable only from these threads (or a hook);
        // application code found below it (a factory, a task, a handler) says who made it.
        String made = creator.label() == null ? ""
                : creator.key().equals(creator.label()) ? " (created with " + creator.label() + ")"
                : creator.label().startsWith("captured by") ? " (" + creator.label() + ", which nothing else references)"
                : " (held only by " + creator.label() + ", which nothing else references)";
        String hook = hooked ? " A shutdown hook runs only when the JVM exits, so it does not count as a user." : "";
        String stop = creator.stopApi();
        String title;
        String why;
        String fix;
        switch (first.kind()) {
            case POOL -> {
                title = n + " " + (count == 1 ? "worker" : "workers") + " of " + Units.count(owners) + " unreferenced "
                        + Units.noun(owners, kind) + (count == 1 ? " waits" : " wait") + " forever";
                why = n + " idle " + threads + " of " + Units.count(owners) + " " + Units.noun(owners, kind) + " "
                        + (hooked ? unreferenced : "that nothing but " + (count == 1 ? "it references" : "they reference"))
                        + (count == 1 ? " waits" : " wait") + " for work; the pool was never shut down, so nobody can "
                        + "submit a task or call " + stop + " and the workers live until the JVM exits" + made + "."
                        + hook;
                fix = GuavaServices.STOP_API.equals(stop)
                        ? "Call stopAsync() on the service when its owner is done with it (the pool is the service's "
                        + "own and ends with it), or share one long-lived service."
                        : "Keep a reference to the pool and call shutdown() (close() from JDK 19) when its owner is "
                        + "done with it (try/finally or close()), or share one long-lived pool instead of creating "
                        + "one per call." + (hooked ? " A shutdown hook that shuts it down is not enough: it runs "
                        + "only at exit." : "");
            }
            case TIMER -> {
                title = n + " Timer " + threads + " of unreferenced Timers " + (count == 1 ? "keeps" : "keep")
                        + " running periodic tasks";
                why = n + " " + threads + " of java.util.Timer objects " + unreferenced + " any more still "
                        + "hold periodic tasks" + made + "; a Timer thread only ends when its queue is empty or "
                        + "cancel() is called, so " + (count == 1 ? "it runs" : "they run") + " them until the JVM "
                        + "exits." + hook;
                fix = "Call cancel() on the Timer when its owner is done with it, or use a shared "
                        + "ScheduledExecutorService and cancel the ScheduledFuture.";
            }
            case EVENT_LOOP -> {
                title = n + " event-loop " + threads + " of " + Units.count(owners) + " unreferenced "
                        + Units.noun(owners, kind) + " run forever";
                why = n + " Netty event-loop " + threads + " of " + Units.count(owners) + " "
                        + Units.noun(owners, kind) + " " + unreferenced + " but " + (count == 1 ? "its" : "their")
                        + " own threads" + made + ": the group was never shut down, so "
                        + (count == 1 ? "its thread selects" : "its threads select") + " and run"
                        + (count == 1 ? "s" : "") + " tasks until the JVM exits, and nobody can call " + stop + "."
                        + hook;
                fix = "Share one event-loop group for the application's lifetime, or call shutdownGracefully() on "
                        + "the group when the client or server that created it is closed.";
            }
            case WHEEL_TIMER -> {
                title = n + " HashedWheelTimer " + (count == 1 ? "worker" : "workers") + " of unreferenced timers "
                        + (count == 1 ? "ticks" : "tick") + " forever";
                why = n + " worker " + threads + " of " + Units.count(owners) + " Netty "
                        + Units.noun(owners, kind) + " " + unreferenced + " but " + (count == 1 ? "its" : "their")
                        + " own worker" + made + ": a wheel timer's worker wakes every tick until stop() is "
                        + "called, and nobody can call it any more." + hook;
                fix = "Share one HashedWheelTimer for the whole application (Netty warns past 64 instances), or "
                        + "call stop() when its owner is done with it.";
            }
            default -> {
                String code = first.creator().isEmpty() ? kind : first.creator();
                boolean library = app.isLibrary(code);
                title = n + " " + threads + " of " + Names.simpleName(JdkClasses.lambdaOwner(code))
                        + " loop forever and nothing can stop them";
                if (count == 1) {
                    title = n + " " + threads + " of " + Names.simpleName(JdkClasses.lambdaOwner(code))
                            + " loops forever and nothing can stop it";
                }
                why = n + " " + threads + " " + (count == 1 ? "runs" : "run") + " a loop of " + code
                        + " whose code, stop flag and Thread object nothing but "
                        + (count == 1 ? "the thread itself references" : "the threads themselves reference")
                        + (creator.label() != null && !creator.label().equals(code) ? made : "")
                        + ": nobody can clear the flag, interrupt " + (count == 1 ? "it" : "them")
                        + " or close what started " + (count == 1 ? "it" : "them") + ", so "
                        + (count == 1 ? "it runs" : "they run") + " until the JVM exits." + hook;
                fix = GuavaServices.STOP_API.equals(stop)
                        ? "Call stopAsync() on the service (" + creator.label() + ") when its owner is done with it; "
                        + "its thread ends with it."
                        : library
                        ? "Close the library object that started these threads (" + code + "; for a client, close() "
                        + "it) when its owner is done with it, or share one instance for the application."
                        : "Keep a reference to each thread (or its Runnable) and stop it when its owner is done: "
                        + "clear the flag and interrupt() it; or run the work on a shared ScheduledExecutorService "
                        + "and cancel the future.";
            }
        }
        Finding.Builder b = Finding.builder(ParkedThreadsDetector.ID);
        b.fingerprint(fingerprint)
                .severity(ParkedRule.severity(count, pinned))
                .title(title)
                .summary(ParkedFindings.withStack(Text.of(why), first))
                .count(count)
                .retainedBytes(pinned)
                .owner(creator.label())
                .breakdown(ParkedRule.namePatterns(group))
                .evidence(ParkedFindings.evidence(heap, byStructure, hooked ? Map.of("onlyShutdownHook", true)
                        : Map.of()))
                .remediation(fix);
        return b.build();
    }
}
