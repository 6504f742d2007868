package dev.heaptriage.cli;

import dev.heaptriage.units.Units;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heaptriage threads DUMP}: every thread with its state, stack and what its locals retain. */
@Command(name = "threads", mixinStandardHelpOptions = true,
        description = "Thread overview: state, stack (top first) and the retained size of each thread's locals.")
final class ThreadsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DUMP", description = "the heap dump: .hprof or .hprof.gz")
    Path dump;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "12", description = "frames per thread (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "where to keep index files")
    Path indexDir;

    @Option(names = "--redact", description = "replace thread names with <redacted:N chars>")
    boolean redact;

    @Option(names = {"-q", "--quiet"}, description = "no progress or warnings on stderr")
    boolean quiet;

    /**
     * What the thread waits for: {@code Thread.parkBlocker} (set by LockSupport.park for queues, locks, latches), else
     * the monitor of an {@code Object.wait} frame (its first local).
     */
    static String blockedOn(HeapView heap, HeapThread t) {
        dev.heaptriage.heap.HeapObject blocker = heap.object(t.objectId()).ref("parkBlocker");
        if (blocker != null) {
            return blocker.className() + " @0x" + Long.toHexString(blocker.address());
        }
        for (StackFrame f : t.frames()) {
            if (f.className().equals("java.lang.Object") && f.methodName().startsWith("wait") && f.localIds().length > 0) {
                var monitor = heap.object(f.localIds()[0]);
                return "monitor " + monitor.className() + " @0x" + Long.toHexString(monitor.address());
            }
        }
        return null;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return DumpOpener.withHeap("heaptriage threads", dump, indexDir, quiet, spec.commandLine().getErr(), loaded -> {
            HeapView heap = loaded.heap();
            var threads = heap.threads();
            out.println(threads.size() + " threads");
            for (HeapThread t : threads) {
                Set<Integer> locals = new HashSet<>();
                for (StackFrame f : t.frames()) {
                    for (int id : f.localIds()) {
                        locals.add(id);
                    }
                }
                long retained = 0;
                for (int id : locals) {
                    retained += heap.retainedBytes(id);
                }
                String name = redact ? "<redacted:" + t.name().length() + " chars>" : t.name();
                out.printf("%n\"%s\" %s%s%s · locals retain %s%n", name, t.state(), t.daemon() ? " daemon" : "",
                        t.virtual() ? " virtual" : "", Units.bytes(retained));
                String blocker = blockedOn(heap, t);
                if (blocker != null) {
                    out.println("    parked on " + blocker);
                }
                int n = 0;
                for (StackFrame f : t.frames()) {
                    if (n++ == frames) {
                        out.println("    … " + (t.frames().size() - frames) + " more");
                        break;
                    }
                    out.println("    at " + f.text());
                }
            }
            out.flush();
        });
    }
}
