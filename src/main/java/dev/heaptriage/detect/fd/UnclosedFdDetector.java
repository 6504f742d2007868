package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code unclosed-fd}: objects that still own an open OS descriptor (jdk-layouts.md §7). Which objects own a descriptor
 * and whether they hold it open is read by {@link dev.heaptriage.detect.jdk.Descriptors}; {@link FdScan} merges and
 * groups, {@link FdRule} grades, {@link FdFindings} writes.
 *
 * <p>How it works, and why this way:
 * <ol>
 *   <li>It reads only the instances of the classes that own descriptors (file streams, {@code RandomAccessFile},
 *       NIO channels, socket impls and sockets, zip sources and zip files, {@code HttpURLConnection}) and never
 *       scans the whole heap, so its cost grows with the number of such objects, not with the heap.</li>
 *   <li>Every claim is keyed by the {@code java.io.FileDescriptor} object (or, for a JDK 8 zip, by the native
 *       {@code jzfile} handle): a stream and its channel, a socket and its impl, a zip file and its source's
 *       {@code RandomAccessFile} share one descriptor and are counted once. The object a developer wrote
 *       ({@code Socket} over {@code NioSocketImpl}, {@code FileInputStream} over its channel, {@code ZipFile} over
 *       its source, {@code HttpURLConnection} over its socket) represents the descriptor.</li>
 *   <li>"Open" is decided per layout by the fields present, never by the fd number alone (a closed socket keeps its
 *       number); a descriptor any claimant reports closed is closed.</li>
 *   <li>JDK housekeeping is left out: fds 0–2, class-path and module jars held by class loaders, jars cached for
 *       {@code jar:} URLs, and HTTP connections parked in the keep-alive cache.</li>
 *   <li>Open descriptors are grouped by kind, by liveness ({@link HeapView#isLive}: accumulating vs waiting for the
 *       GC/Cleaner) and by owner (the nearest application field, static field or thread stack frame that holds the
 *       object, found by a short walk up the referrers); paths to GC roots are computed for evidence only.</li>
 * </ol>
 */
public final class UnclosedFdDetector implements Detector {
    public static final String ID = "unclosed-fd";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "Objects that still hold open file descriptors",
            Severity.MEDIUM,
            "Finds objects that still own an open OS descriptor: FileInputStream, FileOutputStream, "
                    + "RandomAccessFile, file/socket/server/datagram/pipe channels, ZipFile/JarFile, Socket and "
                    + "ServerSocket (NioSocketImpl or the legacy PlainSocketImpl), and HttpURLConnection responses "
                    + "whose body was never read to the end or closed. Open or closed is read from each class's own "
                    + "fields for the JDK that wrote the dump (closed flags, socket and channel state, fd -1, zip "
                    + "source), never from the fd number alone. A stream and its channel, or a socket and its impl, "
                    + "count as one descriptor, and ZipFiles of one path share one. Left out as JDK housekeeping: "
                    + "stdin/stdout/stderr, jars held by class loaders or the jar: URL cache, the module image, "
                    + "SecureRandom's /dev/random streams, and connections parked in the HTTP keep-alive cache. "
                    + "Descriptors are grouped by kind, owner (the nearest application field, static field or "
                    + "thread stack frame that holds them) and whether they are reachable (accumulating) or only "
                    + "wait for the GC/Cleaner to close them; each group lists its paths or peers. Severity of a "
                    + "reachable group: 50 or more is medium, 500 or more is high; one file path open 10 times at "
                    + "once is medium, 100 times high (one peer many times is a connection pool and does not "
                    + "count); 5 or more, or one path open twice, is low; fewer is info (files an application keeps "
                    + "open on purpose, such as a log file). Unreachable groups are one level lower. With 500 or "
                    + "more open descriptors in the process, groups at low or above are raised one level.",
            "Close every stream, channel, zip file and socket in try-with-resources (or a finally block); read an "
                    + "HTTP response body to the end and close it (also the error stream); bound caches of open "
                    + "resources and close them on eviction.",
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        Owners owners = new Owners(heap, app);
        FdScan scan = new FdScan(heap, owners);
        FdFindings text = new FdFindings(heap, owners, scan);
        long processOpen = scan.processOpen();
        List<Finding> out = new ArrayList<>();
        for (FdScan.Group g : scan.groups()) {
            out.add(text.finding(g, processOpen));
        }
        return out;
    }
}
