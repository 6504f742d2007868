package dev.heaptriage.detect.slice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap-free arithmetic of {@code retained-slice}: windows, thresholds and the pre-7u6 String rule. */
class SliceRuleTest {

    @Test
    void overlappingWindowsAreCountedOnce() {
        assertEquals(15, SliceRule.unionLength(List.of(new long[] {0, 10}, new long[] {5, 15}), 100));
        assertEquals(20, SliceRule.unionLength(List.of(new long[] {0, 10}, new long[] {20, 30}), 100));
        assertEquals(10, SliceRule.unionLength(List.of(new long[] {95, 120}, new long[] {-5, 5}), 100),
                "clamped to the store");
    }

    @Test
    void reportsOnlyFromTheRatioAndTheFloor() {
        assertTrue(SliceRule.judge(1 << 20, 16).reported());
        assertFalse(SliceRule.judge(1 << 20, (1 << 20) / 7).reported(), "a seventh visible is normal use");
        assertTrue(SliceRule.judge(1 << 20, (1 << 20) / 8).reported(), "an eighth is the limit");
        assertFalse(SliceRule.judge(64 * 1024, 16).reported(), "wastes just under 64 KiB");
        assertTrue(SliceRule.judge(64 * 1024 + 16, 16).reported(), "wastes exactly 64 KiB");
        assertEquals((1 << 20) - 16, SliceRule.judge(1 << 20, 16).wastedBytes());
    }

    @Test
    void legacyStringRuleMergesSharersAndSeesTheHeldOriginal() {
        SliceRule.Verdict three = SliceRule.legacyStrings(new int[] {100, 200, 300}, new int[] {10, 10, 10}, 100_000);
        assertTrue(three.reported());
        assertEquals(SliceRule.arrayBytes(100_000, 2) - 60, three.wastedBytes());
        SliceRule.Verdict withOriginal = SliceRule.legacyStrings(new int[] {0, 10}, new int[] {100_000, 10}, 100_000);
        assertFalse(withOriginal.reported(), "the original String still sees every char");
        assertFalse(SliceRule.legacyStrings(new int[] {0}, new int[] {10_000}, 40_000).reported(), "ratio 4");
    }

    @Test
    void elementSizesFollowTheBufferKind() {
        assertEquals(1, dev.heaptriage.detect.jdk.Buffers.bufferElementBytes("java.nio.HeapByteBufferR"));
        assertEquals(2, dev.heaptriage.detect.jdk.Buffers.bufferElementBytes("java.nio.HeapCharBuffer"));
        assertEquals(4, dev.heaptriage.detect.jdk.Buffers.bufferElementBytes("java.nio.ByteBufferAsIntBufferB"));
        assertEquals(8, dev.heaptriage.detect.jdk.Buffers.bufferElementBytes("java.nio.DirectLongBufferU"));
        assertEquals(2, dev.heaptriage.detect.jdk.Buffers.elementBytes("char[]"));
        assertEquals(1_048_592, SliceRule.arrayBytes(1 << 20, 1));
        assertEquals(80, SliceRule.arrayBytes(64, 1));
    }

    @Test
    void severityFollowsTheShareOfTheBudget() {
        assertEquals(Severity.LOW, RetainedSliceDetector.severity(99, 10_000));
        assertEquals(Severity.MEDIUM, RetainedSliceDetector.severity(100, 10_000));
        assertEquals(Severity.HIGH, RetainedSliceDetector.severity(1_000, 10_000));
    }
}
