package dev.heaptriage.detect.fd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heap-free healthy-load rule of {@code unclosed-fd} (issue 21, rule 5). */
class FdRuleTest {
    @Test
    void aFewDescriptorsPerRunningRequestThreadAreInFlight() {
        assertTrue(FdRule.healthyLoad(8, 8, false, 8, false), "8 sockets in 8 request threads");
        assertTrue(FdRule.healthyLoad(16, 1, true, 8, false), "two files each");
        assertFalse(FdRule.healthyLoad(12, 1, true, 3, false), "four streams per worker is piling up");
        assertFalse(FdRule.healthyLoad(8, 8, false, 0, false), "not held by frames");
    }

    @Test
    void aSharedClientsIdlePoolIsHousekeeping() {
        assertTrue(FdRule.healthyLoad(5, 5, false, 0, true), "5 pooled connections to one peer");
        assertTrue(FdRule.healthyLoad(24, 8, false, 0, true), "8 to each of three peers");
        assertFalse(FdRule.healthyLoad(40, 40, false, 0, true), "40 connections to one peer: not a pool's idle set");
        assertFalse(FdRule.healthyLoad(60, 6, false, 0, true), "medium count whatever the spread");
        assertFalse(FdRule.healthyLoad(5, 5, true, 0, true), "files are not pooled connections");
        assertFalse(FdRule.healthyLoad(5, 5, false, 0, false), "held directly by the application, not a client");
    }
}
