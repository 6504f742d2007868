package dev.heaptriage.cli;

import dev.heaptriage.units.Units;

/**
 * What to do about memory before a dump is parsed (no heap involved: the numbers come from the dump's census and
 * the machine): go on, re-launch in a JVM with enough heap, go on with a warning, or refuse at once.
 *
 * @param action  what to do
 * @param heapMib for {@link Action#RELAUNCH}: the {@code -Xmx} of the child JVM, in MiB
 * @param message for WARN and REFUSE: the sentence the user reads
 */
record MemoryPlan(Action action, long heapMib, String message) {
    /** The choices. */
    enum Action { GO, RELAUNCH, WARN, REFUSE }

    /** Memory the rest of the machine keeps: the OS, the page cache MAT's index files live in, other processes. */
    static final long MACHINE_RESERVE_BYTES = 2L << 30;

    /**
     * @param neededBytes    the heap the dump needs (the estimate)
     * @param maxHeapBytes   this JVM's heap limit
     * @param physicalBytes  the machine's memory; 0 when unknown
     * @param userSetHeap    the user chose the heap limit ({@code -Xmx}, {@code -XX:MaxHeapSize} or
     *                       {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}): never override it
     * @param relaunched     this JVM is already the re-launched child: never again
     */
    static MemoryPlan decide(long neededBytes, long maxHeapBytes, long physicalBytes, boolean userSetHeap,
                             boolean relaunched) {
        if (neededBytes <= maxHeapBytes) {
            return new MemoryPlan(Action.GO, 0, null);
        }
        String need = "analysing this dump needs about " + Units.bytes(neededBytes) + " of Java heap";
        if (userSetHeap || relaunched) {
            return new MemoryPlan(Action.WARN, 0, need + " but the heap limit is " + Units.bytes(maxHeapBytes)
                    + (relaunched ? "" : " (set by -Xmx or JAVA_TOOL_OPTIONS)") + "; it may run out of memory");
        }
        long usable = physicalBytes - MACHINE_RESERVE_BYTES;
        if (physicalBytes > 0 && neededBytes > usable) {
            return new MemoryPlan(Action.REFUSE, 0, need + " but this machine has " + Units.bytes(physicalBytes)
                    + " of memory; run it on a machine with at least "
                    + Units.bytes(neededBytes + MACHINE_RESERVE_BYTES));
        }
        long mib = (neededBytes + (1L << 20) - 1) >> 20;
        long gibRounded = (mib + 1023) / 1024 * 1024;
        long capped = physicalBytes > 0 ? Math.min(gibRounded, usable >> 20) : gibRounded;
        return new MemoryPlan(Action.RELAUNCH, Math.max(mib, capped), null);
    }
}
