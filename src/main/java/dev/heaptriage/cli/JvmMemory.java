package dev.heaptriage.cli;

import dev.heaptriage.load.MemoryCheck;
import dev.heaptriage.load.ResourceException;
import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory that sizes itself: before MAT parses a dump, the {@link MemoryPlan} for this JVM and machine is carried
 * out. When the heap limit is too small and the user did not choose it, the same command runs again in a child JVM
 * (the same {@code java}, the same arguments, stdio inherited, its exit code passed through) with the heap the dump
 * needs and the parallel collector, which loaded the benchmark dumps fastest; when the machine lacks the memory, the
 * command stops at once with exit 4.
 */
final class JvmMemory implements MemoryCheck {
    /** Set in the child, so it never re-launches again. */
    static final String RELAUNCHED = "heaptriage.relaunched";

    private final PrintWriter err;
    private final boolean quiet;

    private JvmMemory(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    /** The check for this JVM: none in a re-launched child (it has the heap it was given). */
    static MemoryCheck forThisJvm(PrintWriter err, boolean quiet) {
        return System.getProperty(RELAUNCHED) != null ? MemoryCheck.NONE : new JvmMemory(err, quiet);
    }

    @Override
    public void check(long neededBytes) throws ResourceException {
        MemoryPlan plan = MemoryPlan.decide(neededBytes, Runtime.getRuntime().maxMemory(), physicalBytes(),
                userSetHeap(), false);
        switch (plan.action()) {
            case GO -> { }
            case WARN -> {
                if (!quiet) {
                    err.println("warning: " + plan.message());
                    err.flush();
                }
            }
            case REFUSE -> throw new ResourceException(plan.message());
            case RELAUNCH -> throw new Relaunch(plan.heapMib(), neededBytes);
        }
    }

    /** The machine's memory as this JVM sees it (a container's limit included); 0 if unknown. */
    static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** The user chose the heap limit: {@code -Xmx}/{@code -XX:MaxHeapSize}, or any JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS. */
    static boolean userSetHeap() {
        if (notBlank(System.getenv("JAVA_TOOL_OPTIONS")) || notBlank(System.getenv("JDK_JAVA_OPTIONS"))) {
            return true;
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx") || arg.startsWith("-XX:MaxHeapSize")) {
                return true;
            }
        }
        return false;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * Runs the command again in a child JVM with {@code -Xmx<heapMib>m} and returns its exit code. The child gets this
     * JVM's options (system properties, GC choice) except heap sizing ones, the parallel collector unless a collector
     * was chosen, and the marker that stops it from re-launching.
     */
    static int relaunch(Relaunch r, String[] args, PrintWriter err, boolean quiet) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        boolean gcChosen = false;
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx") || arg.startsWith("-XX:MaxHeapSize") || arg.startsWith("-XX:MaxRAM")
                    || arg.startsWith("-XX:InitialRAMPercentage") || arg.startsWith("-XX:MinRAMPercentage")
                    || arg.startsWith("-D" + RELAUNCHED)) {
                continue;
            }
            gcChosen |= arg.matches("-XX:\\+Use\\w+GC");
            cmd.add(arg);
        }
        // The child runs with -cp, where the jar manifest's Enable-Native-Access does not apply (JDK 22+ would warn
        // when the zstd decoder loads its native library).
        if (Runtime.version().feature() >= 22 && cmd.stream().noneMatch(a -> a.startsWith("--enable-native-access"))) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-Xmx" + r.heapMib() + "m");
        if (!gcChosen) {
            cmd.add("-XX:+UseParallelGC");
        }
        cmd.add("-D" + RELAUNCHED + "=" + r.neededBytes());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        if (!quiet) {
            err.println("heaptriage: this dump needs about " + Units.bytes(r.neededBytes())
                    + " of Java heap and the limit is " + Units.bytes(Runtime.getRuntime()
                    .maxMemory()) + "; running again with -Xmx" + r.heapMib() + "m");
            err.flush();
        }
        Process child = new ProcessBuilder(cmd).inheritIO().start();
        // Stopping this JVM (SIGTERM, SIGINT from a terminal) stops the child too, which then cleans up as any run.
        Thread stopChild = new Thread(child::destroy, "heaptriage-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            int code = child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds the child gone
            }
            return code;
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return ExitCode.INTERNAL.code;
        }
    }
}
