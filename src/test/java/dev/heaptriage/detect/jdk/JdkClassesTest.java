package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Class-name helpers that fingerprints depend on. */
class JdkClassesTest {
    @Test
    void lambdaAndHiddenClassSuffixesAreDropped() {
        assertEquals("com.acme.Svc$$Lambda", JdkClasses.stableClassName("com.acme.Svc$$Lambda/0x0000000801234abc"));
        assertEquals("com.acme.Svc$$Lambda", JdkClasses.stableClassName("com.acme.Svc$$Lambda$12/1234567"));
        assertEquals("com.acme.Svc$$Lambda", JdkClasses.stableClassName("com.acme.Svc$$Lambda+0x00007f6604000c18"));
        assertEquals("java.lang.invoke.LambdaForm$MH", JdkClasses.stableClassName("java.lang.invoke.LambdaForm$MH/0x0000000800c01000"));
        assertEquals("com.acme.Cache$Entry", JdkClasses.stableClassName("com.acme.Cache$Entry"));
        assertEquals("a.B$$Lambda", JdkClasses.stableClassName("a.B$$Lambda$14+0x0000000801001234"));
        assertEquals("a.B$$Lambda", JdkClasses.stableClassName("a.B$$Lambda+0x000000003a040420"));
        assertEquals("a.B$$Lambda.run", JdkClasses.stableClassName("a.B$$Lambda$8+0x00007f89cd003ac0.run"));
        assertEquals("com.acme.Svc", JdkClasses.lambdaOwner("com.acme.Svc$$Lambda/0x0000000801234abc"));
    }

    @Test
    void jdkClassesAreRecognised() {
        assertTrue(JdkClasses.isJdkClass("java.util.ArrayList"));
        assertTrue(JdkClasses.isJdkClass("jdk.internal.ref.CleanerImpl"));
        assertTrue(JdkClasses.isJdkClass("byte[]"));
        assertFalse(JdkClasses.isJdkClass("com.acme.Cache"));
        assertFalse(JdkClasses.isJdkClass("com.acme.Cache[]"));
    }
}
