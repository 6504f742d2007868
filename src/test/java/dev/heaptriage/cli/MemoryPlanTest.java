package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The memory decision before a parse, from plain numbers. */
class MemoryPlanTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void enoughHeapGoesOn() {
        assertEquals(MemoryPlan.Action.GO, MemoryPlan.decide(2 * GIB, 6 * GIB, 24 * GIB, false, false).action());
        assertEquals(MemoryPlan.Action.GO, MemoryPlan.decide(6 * GIB, 6 * GIB, 24 * GIB, true, false).action());
    }

    @Test
    void tooLittleHeapRelaunchesWithWholeGibibytes() {
        MemoryPlan p = MemoryPlan.decide(7 * GIB + 100 * MIB, 6 * GIB, 24 * GIB, false, false);
        assertEquals(MemoryPlan.Action.RELAUNCH, p.action());
        assertEquals(8 * 1024, p.heapMib(), "rounded up to 8 GiB");
    }

    @Test
    void theRelaunchNeverTakesTheMachinesReserve() {
        MemoryPlan p = MemoryPlan.decide(21 * GIB + 500 * MIB, 6 * GIB, 24 * GIB, false, false);
        assertEquals(MemoryPlan.Action.RELAUNCH, p.action());
        assertEquals(22 * 1024, p.heapMib(), "24 GiB less the 2 GiB reserve, not 22 rounded up past it");
    }

    @Test
    void aMachineWithoutTheMemoryRefusesAtOnce() {
        MemoryPlan p = MemoryPlan.decide(30 * GIB, 6 * GIB, 24 * GIB, false, false);
        assertEquals(MemoryPlan.Action.REFUSE, p.action());
        assertTrue(p.message().contains("needs about 30.0 GiB") && p.message().contains("24.0 GiB"), p.message());
    }

    @Test
    void aHeapTheUserChoseIsNeverOverriddenOnlyWarnedAbout() {
        MemoryPlan p = MemoryPlan.decide(7 * GIB, 2 * GIB, 24 * GIB, true, false);
        assertEquals(MemoryPlan.Action.WARN, p.action());
        assertTrue(p.message().contains("set by -Xmx or JAVA_TOOL_OPTIONS"), p.message());
        assertEquals(MemoryPlan.Action.WARN, MemoryPlan.decide(7 * GIB, 2 * GIB, 24 * GIB, false, true).action(),
                "a re-launched child never re-launches again");
    }
}
