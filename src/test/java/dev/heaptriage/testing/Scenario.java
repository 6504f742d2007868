package dev.heaptriage.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What scenario programs call when their heap is ready. */
public final class Scenario {
    private Scenario() {
    }

    /**
     * Dumps this JVM's heap to {@code file} with every object, garbage included ({@code live=false}), as
     * {@code jcmd GC.heap_dump -all} does; scenarios that want a collected heap call {@link #dumpLive}.
     */
    public static void dump(String file) throws IOException {
        dump(file, false);
    }

    /** Dumps after a full GC ({@code live=true}), as {@code jmap -dump:live} does. */
    public static void dumpLive(String file) throws IOException {
        dump(file, true);
    }

    /**
     * Takes the JVM's own class histogram ({@code GC.class_histogram}, through the diagnostic command MBean, as
     * {@code jcmd} does), writes it to {@code file + ".histogram"}, then dumps live. Both start with a full GC and
     * nothing is allocated between them but the histogram's text, so they count the same objects.
     */
    public static void dumpLiveWithHistogram(String file) throws IOException {
        writeHistogram(Path.of(file + ".histogram"));
        dump(file, true);
    }

    /** In a method of its own, so the histogram's text is garbage (not a live local) when the dump is taken. */
    private static void writeHistogram(Path to) throws IOException {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Files.writeString(to, histogram);
        } catch (javax.management.JMException e) {
            throw new IOException("GC.class_histogram failed", e);
        }
    }

    private static void dump(String file, boolean live) throws IOException {
        Files.deleteIfExists(Path.of(file));
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file, live);
    }

    /** Waits until {@code thread} is parked, waiting or sleeping, so its stack is where the scenario means it to be. */
    public static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.State s = thread.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("thread " + thread.getName() + " did not block within 10 s");
    }
}
