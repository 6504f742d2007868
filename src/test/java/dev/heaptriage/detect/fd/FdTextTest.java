package dev.heaptriage.detect.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.fd.FdScan.Reason;
import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heap-free words and rules of {@code unclosed-fd}: owner labels, unknown targets, library-aware fixes. */
class FdTextTest {
    private static HeapThread thread(String name, List<StackFrame> frames) {
        return new HeapThread(1, dev.heaptriage.text.DumpString.threadName(name), ThreadState.WAITING, false, false, frames);
    }

    @Test
    void withoutFramesTheLabelCountsTheThreads() {
        Owner frameless = new Owner(Owner.Kind.THREAD, 7, "com.acme.Worker", null, thread("worker-1", List.of()),
                null, true);
        assertEquals("3 threads (Worker), e.g. thread 'worker-1'", FdText.threadsLabel(frameless, 3).shown());
        assertNull(FdText.threadsLabel(frameless, 1), "one thread names itself");
        StackFrame run = new StackFrame("com.acme.Worker", "run", "Worker.java:12", new int[0]);
        Owner local = new Owner(Owner.Kind.LOCAL, 7, "com.acme.Worker", null, thread("worker-1", List.of(run)), run,
                true);
        assertEquals("locals of 2 threads in Worker.run, e.g. thread 'worker-1'", FdText.threadsLabel(local, 2).shown());
        Owner field = new Owner(Owner.Kind.FIELD, 7, "com.acme.Cache", "files", null, null, true);
        assertNull(FdText.threadsLabel(field, 5));
    }

    @Test
    void unknownTargetsAreNeverTheSamePath() {
        Map<String, Long> byTarget = new LinkedHashMap<>();
        byTarget.put("(unknown)", 2L);
        byTarget.put("/var/log/app.log", 1L);
        assertEquals(1, FdRule.maxSameTarget(byTarget, "(unknown)"));
        byTarget.put("/data/a", 3L);
        assertEquals(3, FdRule.maxSameTarget(byTarget, "(unknown)"));
    }

    @Test
    void fixesNameTheLibraryApi() {
        assertTrue(FdText.remediation(Kind.SOCKET, Reason.POOL_LEAK, "OkHttp", false).contains("use {}"));
        assertTrue(FdText.remediation(Kind.SOCKET, Reason.POOL_LEAK, "Apache HttpClient", false)
                .contains("try-with-resources"));
        assertTrue(FdText.remediation(Kind.SELECTOR, Reason.CLIENT_DROPPED, "java.net.http.HttpClient", false)
                .contains("Share one java.net.http.HttpClient"));
        assertTrue(FdText.remediation(Kind.FILE_CHANNEL, Reason.DROPPED, null, false).contains("Files.lines"));
        assertTrue(FdText.remediation(Kind.ZIP, Reason.HELD, null, true).contains("URLClassLoader.close()"));
        assertTrue(FdText.remediation(Kind.DIRECTORY_STREAM, Reason.HELD, null, false).contains("Files.list"));
    }
}
