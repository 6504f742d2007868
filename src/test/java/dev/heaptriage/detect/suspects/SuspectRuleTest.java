package dev.heaptriage.detect.suspects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.report.Severity;
import org.junit.jupiter.api.Test;

/** {@link SuspectRule}: the thresholds, without a heap. */
class SuspectRuleTest {
    private static final long MIB = 1L << 20;

    @Test
    void aSuspectIsTenPercentAndSixteenMebibytes() {
        assertEquals(16 * MIB, SuspectRule.threshold(20 * MIB), "small heaps: the absolute floor");
        assertFalse(SuspectRule.isSuspect(6 * MIB, 20 * MIB), "a 6 MB holder in a 20 MB heap is not a leak");
        assertEquals(100 * MIB, SuspectRule.threshold(1000 * MIB));
        assertTrue(SuspectRule.isSuspect(100 * MIB, 1000 * MIB));
        assertFalse(SuspectRule.isSuspect(100 * MIB - 1, 1000 * MIB));
    }

    @Test
    void theWalkGoesOnWhileOneChildKeepsEightyPercent() {
        assertTrue(SuspectRule.keepsNearlyAll(80, 100));
        assertFalse(SuspectRule.keepsNearlyAll(79, 100));
    }

    @Test
    void accumulationNeedsManyElementsNoneDominant() {
        assertTrue(SuspectRule.isAccumulation(100, 10, 1000));
        assertFalse(SuspectRule.isAccumulation(99, 10, 1000), "a few big objects");
        assertFalse(SuspectRule.isAccumulation(10_000, 600, 1000), "one element holds most of it");
    }

    @Test
    void aSpreadAccumulationNeedsManyElementsThatRetainMostOfTheObject() {
        long mib = 1L << 20;
        // A session of 100,000 entities whose entity, entry, key and action retain 25 of its 34 MiB.
        assertTrue(SuspectRule.isSpreadAccumulation(100_000, 25 * mib, 56, 34 * mib));
        // The same elements but the object's bytes are mostly elsewhere (a big buffer beside them).
        assertFalse(SuspectRule.isSpreadAccumulation(100_000, 16 * mib, 56, 34 * mib));
        // 99 elements are not many.
        assertFalse(SuspectRule.isSpreadAccumulation(99, 30 * mib, 56, 34 * mib));
        // One element holding over half: one big object, not a pile.
        assertFalse(SuspectRule.isSpreadAccumulation(100_000, 30 * mib, 18 * mib, 34 * mib));
    }

    @Test
    void severityFollowsShareAndShape() {
        long heap = 1000 * MIB;
        assertEquals(Severity.INFO, SuspectRule.severity(false, 900 * MIB, heap), "one big object is info");
        assertEquals(Severity.INFO, SuspectRule.severity(true, 99 * MIB, heap), "below the threshold");
        assertEquals(Severity.MEDIUM, SuspectRule.severity(true, 100 * MIB, heap));
        assertEquals(Severity.HIGH, SuspectRule.severity(true, 250 * MIB, heap));
        assertEquals(Severity.CRITICAL, SuspectRule.severity(true, 500 * MIB, heap));
        assertEquals(Severity.INFO, SuspectRule.severity(true, 15 * MIB, 20 * MIB), "under the absolute floor");
    }

    @Test
    void groupsNeedManySmallMembersWithOneOwner() {
        assertTrue(SuspectRule.isGroupAccumulation(1000, 1, 1000, 30, 20));
        assertFalse(SuspectRule.isGroupAccumulation(99, 1, 1000, 30, 30), "too few");
        assertFalse(SuspectRule.isGroupAccumulation(1000, 11, 1000, 30, 30), "a member over 1%");
        assertFalse(SuspectRule.isGroupAccumulation(1000, 1, 1000, 30, 19), "owners spread");
    }

    @Test
    void classLoaderCopies() {
        assertNull(SuspectRule.loaderSeverity(4, 0, 100));
        assertEquals(Severity.LOW, SuspectRule.loaderSeverity(5, 0, 100 * MIB));
        assertEquals(Severity.MEDIUM, SuspectRule.loaderSeverity(10, 0, 100 * MIB));
        assertEquals(Severity.HIGH, SuspectRule.loaderSeverity(10, 20 * MIB, 100 * MIB));
    }
}
