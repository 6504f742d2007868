package dev.heaptriage.testing;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class that reads one scenario's dump, made by one JDK, opened once for all its tests (MAT's core holds one
 * dump at a time, so test classes that extend this run one after another, as surefire runs them). Subclass it once
 * per JDK, as nested classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OpenHeap {
    private LoadedDump open;
    protected HeapView heap;

    /** The scenario whose dump the tests read. */
    protected abstract Class<?> scenario();

    /** The JDK that makes the dump; null skips the class (no JDK 25 on this machine). */
    protected abstract Path javaHome();

    @BeforeAll
    void openDump() throws Exception {
        Assumptions.assumeTrue(javaHome() != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        Path dump = ScenarioDumps.dump(scenario(), javaHome());
        Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "index-");
        synchronized (DetectorRuns.class) {
            open = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { });
        }
        heap = open.heap();
    }

    @AfterAll
    void closeDump() {
        if (open != null) {
            open.close();
        }
    }

    /** The static field {@code field} of the scenario class {@code className}. */
    protected HeapObject staticOf(String className, String field) {
        for (HeapClass c : heap.classes(className)) {
            HeapObject o = c.staticRef(field);
            if (o != null) {
                return o;
            }
        }
        throw new AssertionError("no static " + className + "." + field);
    }
}
