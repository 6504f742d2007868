package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.JdkShapes;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which classes are the application's: from {@code --app-packages}, or read from a real dump's thread stacks. */
class AppCodeTest {
    @Test
    void jdkAndKnownLibrariesAreNotTheApplication() {
        AppCode app = AppCode.of(List.of("com.acme"));
        assertFalse(app.isApplication("java.util.HashMap"));
        assertFalse(app.isApplication("byte[]"));
        AppCode inferredNothing = AppCode.infer(null, List.of("com.acme"));
        assertTrue(inferredNothing.isApplication("com.acme.Cache"));
        assertTrue(inferredNothing.isApplication("com.acme.Cache$$Lambda/0x0000000801234abc"));
        assertTrue(inferredNothing.isApplication("com.acme.Cache$Entry[]"));
        assertFalse(inferredNothing.isApplication("com.acmex.Other"), "a package, not a name prefix");
        assertFalse(inferredNothing.isApplication("org.foo.Bar"), "explicit packages exclude everything else");
        assertTrue(inferredNothing.isLibrary("okhttp3.RealCall"));
        assertFalse(inferredNothing.isLibrary("java.net.Socket"));
    }

    @Test
    void applicationPackagesAreReadFromTheDumpsEntryFrames() {
        AppCode app = DetectorRuns.withHeap(JdkShapes.class, Jdks.current(), AppCode::infer);
        assertFalse(app.explicit());
        assertEquals(List.of("dev.heaptriage."), app.packages());
        assertTrue(app.isApplication("dev.heaptriage.scenarios.JdkShapes"));
        assertTrue(app.isApplication("com.unknown.Thing"), "not a known library: the application's");
        assertFalse(app.isApplication("io.netty.channel.nio.NioEventLoop"));
        assertFalse(app.isApplication("org.apache.hc.client5.http.impl.classic.CloseableHttpClient"));
        assertFalse(app.isApplication("org.apache.myapp.Cache"), "under a library prefix: needs --app-packages");
    }

    @Test
    void whatTheBootstrapLoaderDefinedIsTheJdks() {
        // Classes of the boot layer outside the JDK's usual prefixes (jdk.internal.vm.annotation is not one of them,
        // but e.g. org.w3c.dom, org.xml.sax, org.ietf.jgss are, when loaded) are never the application's.
        List<String> bootstrapNamed = DetectorRuns.withHeap(JdkShapes.class, Jdks.current(), heap -> {
            AppCode app = AppCode.infer(heap);
            List<String> wrong = new java.util.ArrayList<>();
            for (dev.heaptriage.heap.HeapClass c : heap.allClasses()) {
                if (c.classLoaderId() == 0 && !c.isArrayType() && app.isApplication(c.name())) {
                    wrong.add(c.name());
                }
            }
            assertTrue(app.isApplication("dev.heaptriage.scenarios.JdkShapes"));
            return wrong;
        });
        assertEquals(List.of(), bootstrapNamed);
    }

    @Test
    void anApplicationUnderALibraryPrefixIsNamedWithAppPackages() {
        assertTrue(AppCode.of(List.of("org.apache.myapp")).isApplication("org.apache.myapp.Cache"));
        assertFalse(AppCode.of(List.of("org.apache.myapp")).isApplication("org.apache.hc.core5.pool.PoolEntry"));
    }

    @Test
    void entryFramePackagesAreTheirFirstTwoSegments() {
        assertEquals("com.acme.", AppCode.packageRoot("com.acme.shop.Main"));
        assertEquals("", AppCode.packageRoot("Main"));
        assertEquals("a.", AppCode.packageRoot("a.Main"));
    }
}
