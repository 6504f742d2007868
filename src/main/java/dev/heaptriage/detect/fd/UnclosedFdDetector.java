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
 *   <li>Pending cleanup objects ({@link dev.heaptriage.detect.jdk.Cleanables}) of owners dropped without
 *       {@code close()} claim their descriptor too, at the lowest rank: where the stream is gone they alone tell of
 *       it, and it is reported as dropped without close().</li>
 *   <li>The HTTP clients' own bookkeeping ({@link dev.heaptriage.detect.libs.ConnectionPools}) decides for their
 *       connections: idle is housekeeping, leased by a dropped response is a pool leak grouped by the pool's owner,
 *       leased by a held response is owned by its holder, a dropped {@code java.net.http} client is one group.</li>
 *   <li>JDK housekeeping is left out: fds 0–2, jars of the JDK's own class loaders, jars cached for {@code jar:}
 *       URLs, the module image, SecureRandom's streams, a running child's pipes, selectors in use, a running
 *       {@code com.sun.net.httpserver} server's connections, and HTTP connections parked in the keep-alive cache.</li>
 *   <li>Open descriptors are grouped by kind, by liveness ({@link HeapView#isLive}: accumulating vs waiting for the
 *       GC/Cleaner) and by owner (the nearest application field, static field or thread stack frame that holds the
 *       object, found by a short walk up the referrers); paths to GC roots are computed for evidence only.</li>
 * </ol>
 */
public final class UnclosedFdDetector implements Detector {
    public static final String ID = "unclosed-fd";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "Open file descriptors: held, dropped without close(), leaked from connection pools",
            Severity.MEDIUM,
            "Finds objects that still own an open OS descriptor: FileInputStream, FileOutputStream, "
                    + "RandomAccessFile, file/socket/server/datagram/pipe channels, asynchronous channels, Selectors, "
                    + "DirectoryStreams (Files.newDirectoryStream, Files.list), ZipFile/JarFile, Socket and "
                    + "ServerSocket (NioSocketImpl or the legacy PlainSocketImpl), and HttpURLConnection responses "
                    + "whose body was never read to the end or closed. Open or closed is read from each class's own "
                    + "fields for the JDK that wrote the dump (closed flags, socket and channel state, fd -1, zip "
                    + "source), never from the fd number alone. A stream and its channel, or a socket and its impl, "
                    + "count as one descriptor, and ZipFiles of one path share one. Dropped without close(): when the "
                    + "owner is gone (a Files.lines, Files.newInputStream or Files.newBufferedReader result, a "
                    + "ZipInputStream or GZIPInputStream over a file, a ZipFile, a socket, or whatever helper wraps "
                    + "them), the JDK's pending cleanup objects (FileCleanable, a socket's or channel's Cleaner "
                    + "action, ZipFile's cleanable resource; on JDK 8 the stream the Finalizer holds) still hold an "
                    + "open descriptor until the Cleaner runs: these are counted as dropped without close(), by kind, "
                    + "with a path where the dump still has one. Connection pools are read per library (OkHttp, "
                    + "Apache HttpClient 4/5, java.net.http, the JDK's HTTP keep-alive cache): idle pooled "
                    + "connections are housekeeping; connections leased by responses that nothing references any "
                    + "more are the leak, one group per pool, owned by the application's holder of the client; a "
                    + "response still held is owned by its holder; java.net.http clients dropped per request are one "
                    + "group of their selectors and connections. Left out as housekeeping: stdin/stdout/stderr, jars "
                    + "of the JDK's own class loaders (a URLClassLoader the application created keeps its jars open "
                    + "until close() and is reported), the jar: URL cache, the module image, SecureRandom's "
                    + "/dev/random streams, a running child process's pipes, selectors a thread is selecting on and "
                    + "the selectors of running Netty event loops, connections of a running com.sun.net.httpserver "
                    + "server, and connections in the HTTP keep-alive cache. Descriptors are grouped by kind, owner "
                    + "(the nearest application field, static field, thread-local or stack frame on the way from a "
                    + "GC root, walking through JDK and library objects and library threads) and whether they are "
                    + "reachable (accumulating) or only wait for the GC/Cleaner to close them; each group lists its "
                    + "paths or peers; without stack frames the owner says how many threads hold them. Severity of a "
                    + "reachable group: 50 or more is medium, 500 or more is high; one file path open 10 times at "
                    + "once is medium, 100 times high (one peer many times is a connection pool, and descriptors of "
                    + "unknown path are never the same path); 5 or more, or one path open twice, is low; fewer is "
                    + "info (files an application keeps open on purpose, such as a log file). Unreachable and "
                    + "dropped groups are one level lower. With 500 or more open descriptors in the process, groups "
                    + "at low or above are raised one level.",
            "Close every stream, channel, zip file, directory stream, selector and socket in try-with-resources (or "
                    + "a finally block): Files.lines and friends too; read an HTTP response body to the end and close "
                    + "it (also the error stream); close every OkHttp Response (use {}) and CloseableHttpResponse, "
                    + "share one OkHttpClient, CloseableHttpClient or java.net.http.HttpClient; close URLClassLoaders "
                    + "you create; bound caches of open resources and close them on eviction.",
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
