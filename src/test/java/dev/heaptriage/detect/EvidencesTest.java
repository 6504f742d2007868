package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Class-name helpers that fingerprints depend on. */
class EvidencesTest {
    @Test
    void lambdaAndHiddenClassSuffixesAreDropped() {
        assertEquals("com.acme.Svc$$Lambda", Evidences.stableClassName("com.acme.Svc$$Lambda/0x0000000801234abc"));
        assertEquals("com.acme.Svc$$Lambda", Evidences.stableClassName("com.acme.Svc$$Lambda$12/1234567"));
        assertEquals("com.acme.Svc$$Lambda", Evidences.stableClassName("com.acme.Svc$$Lambda+0x00007f6604000c18"));
        assertEquals("java.lang.invoke.LambdaForm$MH", Evidences.stableClassName("java.lang.invoke.LambdaForm$MH/0x0000000800c01000"));
        assertEquals("com.acme.Cache$Entry", Evidences.stableClassName("com.acme.Cache$Entry"));
    }

    @Test
    void jdkClassesAreRecognised() {
        assertTrue(Evidences.isJdkClass("java.util.ArrayList"));
        assertTrue(Evidences.isJdkClass("jdk.internal.ref.CleanerImpl"));
        assertTrue(Evidences.isJdkClass("byte[]"));
        assertFalse(Evidences.isJdkClass("com.acme.Cache"));
        assertFalse(Evidences.isJdkClass("com.acme.Cache[]"));
    }
}
