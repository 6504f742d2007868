package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code unclosed-fd}: objects that still own an open OS descriptor (jdk-layouts.md §7).
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

    /** Live groups at or above these counts are medium / high (the guide). */
    static final int MEDIUM_COUNT = 50;
    static final int HIGH_COUNT = 500;
    /** The same path or peer open this many times at once in one group is medium / high: stronger than spread. */
    static final int MEDIUM_SAME_TARGET = 10;
    static final int HIGH_SAME_TARGET = 100;
    /** Fewer than this many distinct, once-open targets is what applications keep on purpose (log files). */
    static final int HANDFUL = 5;
    /**
     * When the whole process holds this many open descriptors, it is close to the common soft limit of 1,024 and
     * every non-trivial group is raised one level.
     */
    static final int PROCESS_PRESSURE = 500;
    /** How many objects one owner search may visit before giving up (earlier searches' results are reused). */
    private static final int OWNER_SEARCH_LIMIT = 10_000;
    /** Paths of unreachable objects run through the Cleaner's linked list; keep their two ends only. */
    private static final int MAX_PATH_STEPS = 16;

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
        Scan scan = new Scan(heap);
        scan.run();
        return scan.findings();
    }

    /** What kind of resource a descriptor belongs to; {@code rank} orders who represents a shared descriptor. */
    enum Kind {
        SOCKET_IMPL("socket", "Socket", 1),
        SERVER_SOCKET_IMPL("server-socket", "ServerSocket", 1),
        FILE_CHANNEL("file-channel", "FileChannel", 2),
        SOCKET_CHANNEL("socket-channel", "SocketChannel", 2),
        SERVER_SOCKET_CHANNEL("server-socket-channel", "ServerSocketChannel", 2),
        DATAGRAM_CHANNEL("datagram-channel", "DatagramChannel", 2),
        DATAGRAM_SOCKET("datagram-socket", "DatagramSocket", 2),
        PIPE("pipe", "Pipe channel", 2),
        MAPPED("mapped-file", "mapped file", 2),
        OTHER_CHANNEL("channel", "channel", 2),
        FILE_INPUT("file-input-stream", "FileInputStream", 3),
        FILE_OUTPUT("file-output-stream", "FileOutputStream", 3),
        RANDOM_ACCESS("random-access-file", "RandomAccessFile", 3),
        ZIP_SOURCE("zip-file", "ZipFile", 4),
        SOCKET("socket", "Socket", 5),
        SERVER_SOCKET("server-socket", "ServerSocket", 5),
        ZIP("zip-file", "ZipFile", 5),
        HTTP("http-response", "HTTP response", 6);

        final String id;
        final String noun;
        final int rank;

        Kind(String id, String noun, int rank) {
            this.id = id;
            this.noun = noun;
            this.rank = rank;
        }

        /** The kind a finding reports: impls and zip sources stand for the object a developer opens. */
        Kind reported() {
            return switch (this) {
                case SOCKET_IMPL -> SOCKET;
                case SERVER_SOCKET_IMPL -> SERVER_SOCKET;
                case ZIP_SOURCE -> ZIP;
                default -> this;
            };
        }

        boolean isPath() {
            return this == FILE_CHANNEL || this == MAPPED || this == FILE_INPUT || this == FILE_OUTPUT
                    || this == RANDOM_ACCESS || this == ZIP_SOURCE || this == ZIP;
        }
    }

    /** One OS descriptor, as the objects that claim it describe it. */
    static final class Descriptor {
        int fd = -1;
        Kind kind;
        int objectId = -1;
        boolean live;
        String target;
        boolean closed;
        boolean housekeeping;
    }

    /**
     * The holder a group is keyed by: an application object and its field, a class and its static field, or a thread
     * and the method whose frame holds the object ({@code Class.method}); negative ids for the special groups.
     */
    record OwnerKey(int holderId, String field) {
        static final OwnerKey UNREACHABLE = new OwnerKey(-1, "unreachable");
        static final OwnerKey UNKNOWN = new OwnerKey(-2, "unknown");
    }

    /**
     * A finding's group. {@code owner} names the holder by code, not by object: {@code static:Class.field},
     * {@code field:Class.field}, {@code frame:Class.method}, so a thousand pooled {@code Connection} objects with one
     * socket each, or fifty worker threads with a stream in {@code Worker.run}, make one group, not a thousand.
     */
    record GroupKey(Kind kind, boolean live, String owner) {
    }

    /** The holders of one group: the first one found names it; {@code holders} counts the distinct ones. */
    static final class Holders {
        final OwnerKey first;
        final Set<Integer> holders = new HashSet<>();

        Holders(OwnerKey first) {
            this.first = first;
        }
    }

    /** One run over one heap. */
    static final class Scan {
        private final HeapView heap;
        private final Map<Long, Descriptor> descriptors = new LinkedHashMap<>();
        private final Set<Long> housekeeping = new HashSet<>();
        private final Map<Integer, HeapClass> mirrors = new HashMap<>();
        /** Objects whose owner a walk has already found (see {@link #ownerOf}). */
        private final Map<Integer, OwnerKey> resolved = new HashMap<>();
        private final Map<Integer, HeapThread> threadsById = new HashMap<>();

        Scan(HeapView heap) {
            this.heap = heap;
        }

        void run() {
            // Lowest rank first; a higher-ranked claim takes over representation of the same descriptor.
            scanSocketImpls();
            scanChannels();
            scanMappedBuffers();
            scanDatagramSocketImpls();
            scanStreams("java.io.FileInputStream", Kind.FILE_INPUT);
            scanStreams("java.io.FileOutputStream", Kind.FILE_OUTPUT);
            scanStreams("java.io.RandomAccessFile", Kind.RANDOM_ACCESS);
            scanZipSources();
            scanSockets("java.net.Socket", Kind.SOCKET);
            scanSockets("java.net.ServerSocket", Kind.SERVER_SOCKET);
            scanZipFiles();
            scanHttp();
            markHousekeeping();
        }

        // ---- claims ---------------------------------------------------------------------------------------

        private void claim(long key, int fd, Kind kind, HeapObject o, String target, boolean open) {
            Descriptor d = descriptors.computeIfAbsent(key, k -> new Descriptor());
            if (!open) {
                // A close shows on the object it was called on (a Socket's flag, not always its impl's state; a
                // stream's flag, not its channel's), and the descriptor is released then: one "closed" decides.
                d.closed = true;
            }
            if (d.fd < 0 && fd >= 0) {
                d.fd = fd;
            }
            boolean live = heap.isLive(o.id());
            // Higher rank represents (the object the developer wrote); among equals a live one, because one live
            // holder keeps the descriptor open however many unreachable ones wait for the Cleaner.
            if (d.kind == null || kind.rank > d.kind.rank || kind.rank == d.kind.rank && live && !d.live) {
                d.kind = kind;
                d.objectId = o.id();
                d.live = live;
                if (target != null) {
                    d.target = target;
                }
            } else if (d.target == null) {
                d.target = target;
            }
        }

        /** The key of a {@code FileDescriptor} object, or null when there is none. */
        private static Long fdKey(HeapObject fdObject) {
            return fdObject == null ? null : (long) fdObject.id();
        }

        private static int fdNumber(HeapObject fdObject) {
            return fdObject == null ? -1 : fdObject.intValue("fd", -1);
        }

        /**
         * File streams: open while {@code closed == false} and the descriptor's fd is not -1 (close sets it to -1
         * in every layout; 8+ also sets {@code FileDescriptor.closed}). {@code closed} is a boolean in 6–8 and 17+,
         * an AtomicBoolean in JDK 11's RandomAccessFile.
         */
        private void scanStreams(String className, Kind kind) {
            for (HeapObject o : instances(className)) {
                HeapObject fdo = o.ref("fd");
                if (fdo == null) {
                    continue;
                }
                int fd = fdNumber(fdo);
                boolean open = !closedFlag(o) && fd >= 0 && !fdo.boolValue("closed", false);
                claim(fdKey(fdo), fd, kind, o, stringField(o, "path"), open);
            }
        }

        /** {@code closed} as a boolean, or an AtomicBoolean's {@code value} (JDK 11 RandomAccessFile). */
        private static boolean closedFlag(HeapObject o) {
            Object v = o.value("closed");
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof HeapObject atomic) {
                return atomic.intValue("value", 0) != 0 || atomic.boolValue("value", false);
            }
            return false;
        }

        /**
         * NIO channels: every {@code AbstractInterruptibleChannel} with a {@code FileDescriptor fd}. Open is
         * {@code closed == false} (11+) or {@code open == true} (≤8); a file channel's fd also turns -1 on close,
         * a socket channel's does not (so its number is never trusted alone).
         */
        private void scanChannels() {
            for (HeapObject o : instances("java.nio.channels.spi.AbstractInterruptibleChannel")) {
                if (!(o.value("fd") instanceof HeapObject fdo) || !"java.io.FileDescriptor".equals(fdo.className())) {
                    continue;
                }
                String declaring = "java.nio.channels.spi.AbstractInterruptibleChannel";
                boolean open;
                if (o.value(declaring, "closed") instanceof Boolean closed) {
                    open = !closed;
                } else if (o.value(declaring, "open") instanceof Boolean isOpen) {
                    open = isOpen;
                } else {
                    open = true;
                }
                Kind kind = channelKind(o.heapClass());
                int fd = fdNumber(fdo);
                if (kind == Kind.FILE_CHANNEL && fd < 0) {
                    open = false;
                }
                claim(fdKey(fdo), fd, kind, o, channelTarget(o, kind), open);
            }
        }

        private static Kind channelKind(HeapClass c) {
            String n = c.name();
            if (c.isSubclassOf("java.nio.channels.FileChannel")) {
                return Kind.FILE_CHANNEL;
            }
            if (c.isSubclassOf("java.nio.channels.SocketChannel")) {
                return Kind.SOCKET_CHANNEL;
            }
            if (c.isSubclassOf("java.nio.channels.ServerSocketChannel")) {
                return Kind.SERVER_SOCKET_CHANNEL;
            }
            if (c.isSubclassOf("java.nio.channels.DatagramChannel")) {
                return Kind.DATAGRAM_CHANNEL;
            }
            if (c.isSubclassOf("java.nio.channels.Pipe$SourceChannel")
                    || c.isSubclassOf("java.nio.channels.Pipe$SinkChannel") || n.endsWith("PipeImpl")) {
                return Kind.PIPE;
            }
            return Kind.OTHER_CHANNEL;
        }

        private String channelTarget(HeapObject o, Kind kind) {
            return switch (kind) {
                case FILE_CHANNEL -> {
                    String p = stringField(o, "path");
                    // ≤ 7GA has no path on the channel; its parent stream may have one.
                    yield p != null ? p : o.ref("parent") == null ? null : stringField(o.ref("parent"), "path");
                }
                case SOCKET_CHANNEL, DATAGRAM_CHANNEL -> {
                    String remote = socketAddress(o.ref("remoteAddress"));
                    yield remote != null ? remote : local(socketAddress(o.ref("localAddress")));
                }
                case SERVER_SOCKET_CHANNEL -> listening(socketAddress(o.ref("localAddress")));
                case PIPE -> "pipe";
                default -> null;
            };
        }

        /**
         * Mapped buffers ({@code FileChannelImpl$Unmapper}) keep a descriptor only where the JDK duplicates one
         * for the mapping (Windows); on Linux it is -1 and nothing is claimed. Unmapped once {@code address == 0}.
         */
        private void scanMappedBuffers() {
            for (HeapObject o : instances("sun.nio.ch.FileChannelImpl$Unmapper")) {
                HeapObject fdo = o.ref("fd");
                int fd = fdNumber(fdo);
                if (fdo == null || fd < 0) {
                    continue;
                }
                claim(fdKey(fdo), fd, Kind.MAPPED, o, null, o.longValue("address", 0) != 0);
            }
        }

        /**
         * Socket impls. {@code NioSocketImpl} (13+): open while {@code state} is 1–3 (unconnected, connecting,
         * connected); its fd number is not reset on close. The legacy {@code PlainSocketImpl}: open while
         * {@code fd != null} (close sets it to null). {@code DelegatingSocketImpl} wrappers (SocksSocketImpl 13+)
         * own no descriptor: their delegate is claimed instead.
         */
        private void scanSocketImpls() {
            for (HeapObject o : instances("java.net.SocketImpl")) {
                if (o.hasField("delegate")) {
                    continue;
                }
                HeapObject fdo = o.ref("java.net.SocketImpl", "fd");
                if (fdo == null) {
                    continue;
                }
                int fd = fdNumber(fdo);
                boolean server = o.boolValue("server", false);
                boolean open;
                if (o.value("state") instanceof Integer state && o.hasField("server")) {
                    open = state >= 1 && state <= 3;
                } else {
                    open = fd >= 0 && !o.boolValue("closePending", false);
                }
                claim(fdKey(fdo), fd, server ? Kind.SERVER_SOCKET_IMPL : Kind.SOCKET_IMPL, o,
                        server ? listening(implLocal(o)) : implPeer(o), open);
            }
        }

        /**
         * The legacy {@code DatagramSocketImpl} (≤ 14 by default; 15+ put DatagramSocket over a DatagramChannel,
         * found by {@link #scanChannels}): open while {@code fd != null}, which {@code close()} sets to null.
         */
        private void scanDatagramSocketImpls() {
            for (HeapObject o : instances("java.net.DatagramSocketImpl")) {
                HeapObject fdo = o.ref("java.net.DatagramSocketImpl", "fd");
                int fd = fdNumber(fdo);
                if (fdo == null || fd < 0) {
                    continue;
                }
                int port = o.intValue("localPort", 0);
                claim(fdKey(fdo), fd, Kind.DATAGRAM_SOCKET, o, port > 0 ? "local port " + port : null, true);
            }
        }

        /** {@code Socket}/{@code ServerSocket}: {@code closed} (≤17) or {@code state & CLOSED(8)} (21+). */
        private void scanSockets(String className, Kind kind) {
            for (HeapObject o : instances(className)) {
                HeapObject impl = realImpl(o.ref("impl"));
                HeapObject fdo = impl == null ? null : impl.ref("java.net.SocketImpl", "fd");
                if (fdo == null) {
                    continue; // adaptors over channels (DummySocketImpl) and never-created sockets
                }
                boolean open;
                if (o.value("java.net.Socket", "state") instanceof Integer state) {
                    open = (state & 8) == 0;
                } else {
                    open = !o.boolValue("closed", false);
                }
                String target = kind == Kind.SERVER_SOCKET ? listening(implLocal(impl)) : implPeer(impl);
                claim(fdKey(fdo), fdNumber(fdo), kind, o, target, open);
            }
        }

        private static HeapObject realImpl(HeapObject impl) {
            return impl != null && impl.ref("delegate") != null ? impl.ref("delegate") : impl;
        }

        private String implPeer(HeapObject impl) {
            String host = inetAddress(impl.ref("java.net.SocketImpl", "address"));
            int port = impl.intValue("port", 0);
            return host == null ? null : hostPort(host, port);
        }

        private static String implLocal(HeapObject impl) {
            int port = impl.intValue("localport", 0);
            return port <= 0 ? null : "port " + port;
        }

        /**
         * Zip sources (9+): {@code ZipFile$Source.zfile} is the RandomAccessFile with the real descriptor, shared by
         * every ZipFile that opened the same file; its path is {@code key.file}.
         */
        private void scanZipSources() {
            for (HeapObject src : instances("java.util.zip.ZipFile$Source")) {
                HeapObject raf = src.ref("zfile");
                HeapObject fdo = raf == null ? null : raf.ref("fd");
                if (fdo == null) {
                    continue;
                }
                HeapObject file = src.ref("key") == null ? null : src.ref("key").ref("file");
                String path = file == null ? stringField(raf, "path") : stringField(file, "path");
                int fd = fdNumber(fdo);
                claim(fdKey(fdo), fd, Kind.ZIP_SOURCE, src, path, fd >= 0 && !closedFlag(raf));
            }
        }

        /**
         * {@code ZipFile}: 9+ open while {@code closeRequested == false} and {@code res.zsrc} is set; ≤8 open while
         * {@code jzfile != 0} (a native handle shared by every ZipFile of the same name, used as the key).
         */
        private void scanZipFiles() {
            for (HeapObject z : instances("java.util.zip.ZipFile")) {
                Long key = zipKey(z);
                if (key == null) {
                    continue;
                }
                boolean open = !z.boolValue("closeRequested", false);
                String name = stringField(z, "name");
                if (name == null) {
                    name = stringField(z, "filePath"); // 25
                }
                claim(key, -1, Kind.ZIP, z, name, open); // the source's claim carries the fd number
            }
        }

        /** The descriptor key of a ZipFile, or null when it holds none (closed, or a layout we do not know). */
        private Long zipKey(HeapObject z) {
            if (z.value("jzfile") instanceof Long jz) {
                return jz == 0 ? null : -Math.abs(jz) - 1; // ≤ 8: negative keys never meet object ids
            }
            HeapObject res = z.ref("res");
            HeapObject src = res == null ? null : res.ref("zsrc");
            HeapObject raf = src == null ? null : src.ref("zfile");
            return raf == null ? null : fdKey(raf.ref("fd"));
        }

        /**
         * {@code HttpURLConnection} (also HTTPS delegates): a response whose body is neither read to the end nor
         * closed keeps {@code http} set with {@code http.inCache == false}; its socket is the descriptor. Once the
         * body is consumed the client goes to the keep-alive cache and {@code http} becomes null.
         */
        private void scanHttp() {
            for (HeapObject c : instances("sun.net.www.protocol.http.HttpURLConnection")) {
                HeapObject http = c.ref("http");
                if (http == null || http.boolValue("inCache", false)) {
                    continue;
                }
                Long key = socketKey(http.ref("serverSocket"));
                if (key == null || !descriptors.containsKey(key)) {
                    continue;
                }
                // Open or closed is the socket's to say (claimed above); the connection only represents it.
                claim(key, -1, Kind.HTTP, c, url(c.ref("url")), true);
            }
        }

        private static Long socketKey(HeapObject socket) {
            if (socket == null) {
                return null;
            }
            // An SSL socket layered over a plain one (HTTPS) owns no descriptor itself: BaseSSLSocketImpl.self is
            // the plain socket that does.
            HeapObject self = socket.ref("self");
            if (self != null && self.id() != socket.id()) {
                socket = self;
            }
            HeapObject impl = realImpl(socket.ref("impl"));
            return impl == null ? null : fdKey(impl.ref("java.net.SocketImpl", "fd"));
        }

        // ---- housekeeping ----------------------------------------------------------------------------------

        private void markHousekeeping() {
            // Jars on the class path and module path stay open for the class loader's life: that is how class
            // loading works, not a leak (a leaked class loader is a leak of its own kind).
            for (HeapObject loader : instances("jdk.internal.loader.URLClassPath$JarLoader")) {
                housekeepingZip(loader.ref("jar"));
            }
            for (HeapObject loader : instances("sun.misc.URLClassPath$JarLoader")) {
                housekeepingZip(loader.ref("jar"));
            }
            for (HeapObject reader : instances("jdk.internal.module.ModuleReferences$JarModuleReader")) {
                housekeepingZip(reader.ref("jf"));
            }
            // The jar: URL cache keeps one JarFile per jar URL opened with caches on (resources read through a
            // class loader): bounded by the number of jars, closed by the JDK.
            for (HeapClass c : heap.classes("sun.net.www.protocol.jar.JarFileFactory")) {
                for (HeapObject jar : mapValues(c.staticRef("fileCache"))) {
                    housekeepingZip(jar);
                }
            }
            // The JVM's module image (lib/modules) is mapped natively; only when mapping is off does the JDK read it
            // through a FileChannel, which it keeps for the JVM's life.
            for (HeapObject reader : instances("jdk.internal.jimage.BasicImageReader")) {
                HeapObject channel = reader.ref("channel");
                if (channel != null && channel.value("fd") instanceof HeapObject fdo) {
                    housekeeping.add(fdKey(fdo));
                }
            }
            // SecureRandom's NativePRNG reads /dev/random and /dev/urandom through one stream per path for the life
            // of the JVM: pooled, unclosable ones (FileInputStreamPool) or, in older JDKs, plain FileInputStreams.
            for (HeapObject pooled : instances("sun.security.provider.FileInputStreamPool$UnclosableInputStream")) {
                housekeepingStream(pooled.ref("in"));
            }
            for (HeapObject io : instances("sun.security.provider.NativePRNG$RandomIO")) {
                housekeepingStream(io.ref("seedIn"));
                housekeepingStream(io.ref("nextIn"));
            }
            // Connections parked in the keep-alive cache are reused or closed by the Keep-Alive-Timer.
            for (HeapObject client : instances("sun.net.www.http.HttpClient")) {
                if (client.boolValue("inCache", false)) {
                    Long key = socketKey(client.ref("serverSocket"));
                    if (key != null) {
                        housekeeping.add(key);
                    }
                }
            }
            for (Map.Entry<Long, Descriptor> e : descriptors.entrySet()) {
                Descriptor d = e.getValue();
                // stdin, stdout and stderr (FileDescriptor.in/out/err and streams over them) are the process's own.
                if (d.fd >= 0 && d.fd <= 2 || housekeeping.contains(e.getKey())) {
                    d.housekeeping = true;
                }
            }
        }

        private void housekeepingStream(HeapObject stream) {
            if (stream != null && stream.value("fd") instanceof HeapObject fdo) {
                housekeeping.add(fdKey(fdo));
            }
        }

        private void housekeepingZip(HeapObject zip) {
            Long key = zip == null ? null : zipKey(zip);
            if (key != null) {
                housekeeping.add(key);
            }
        }

        /** Values of a {@code HashMap} ({@code table} of nodes chained by {@code next}); empty for anything else. */
        private List<HeapObject> mapValues(HeapObject map) {
            List<HeapObject> out = new ArrayList<>();
            HeapObject table = map == null ? null : map.ref("table");
            if (table == null) {
                return out;
            }
            for (int nodeId : table.elementIds()) {
                for (HeapObject n = nodeId == 0 ? null : heap.object(nodeId); n != null; n = n.ref("next")) {
                    if (n.ref("value") != null) {
                        out.add(n.ref("value"));
                    }
                }
            }
            return out;
        }

        // ---- owners ------------------------------------------------------------------------------------------

        /**
         * The nearest holder a developer recognises: walks up the referrers breadth first (nearest holder first)
         * and stops at an application object, a class (static field) or a thread (stack frame). Edges that do not
         * keep anything alive are skipped: {@code Reference} objects (the Cleaner's and finalizer's referents) and
         * {@code FileDescriptor.parent} back-pointers.
         *
         * <p>Every object a walk passes on its way to the holder is remembered with that holder, and a later walk
         * that meets one of them stops there. So a thousand streams in one list, or in a linked list or queue whose
         * nodes only point at each other, cost about one walk over the structure, not one each.
         */
        OwnerKey ownerOf(int start, boolean live) {
            OwnerKey known = resolved.get(start);
            if (known != null) {
                return known;
            }
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            Map<Integer, Integer> cameFrom = new HashMap<>();
            queue.add(start);
            cameFrom.put(start, start);
            while (!queue.isEmpty() && cameFrom.size() < OWNER_SEARCH_LIMIT) {
                int node = queue.poll();
                for (int r : holders(node, live)) {
                    if (cameFrom.containsKey(r)) {
                        continue;
                    }
                    cameFrom.put(r, node);
                    OwnerKey found = resolved.get(r);
                    if (found == null) {
                        found = holderKey(r, node);
                    }
                    if (found != null) {
                        for (int n = node; ; n = cameFrom.get(n)) {
                            resolved.put(n, found);
                            if (n == start) {
                                break;
                            }
                        }
                        return found;
                    }
                    queue.add(r);
                }
            }
            if (!queue.isEmpty()) {
                // The bound stopped the search, not a lack of holders: a long linked list or queue. Follow the one
                // shortest path to a GC root instead, and remember its steps, so the next element of the same
                // list finds its owner at once. Never cache "unknown" here: a deeper element would stop there.
                return ownerAlongPath(start);
            }
            // Nothing recognisable holds it at all; the objects seen would find nothing either.
            for (int n : cameFrom.keySet()) {
                resolved.put(n, OwnerKey.UNKNOWN);
            }
            return OwnerKey.UNKNOWN;
        }

        private OwnerKey ownerAlongPath(int start) {
            List<PathElement> path = heap.pathToGcRoot(start);
            for (int i = 1; i < path.size(); i++) {
                int holder = path.get(i).objectId();
                OwnerKey found = resolved.get(holder);
                if (found == null) {
                    found = holderKey(holder, path.get(i - 1).objectId());
                }
                if (found != null) {
                    for (int j = 0; j < i; j++) {
                        resolved.put(path.get(j).objectId(), found);
                    }
                    return found;
                }
            }
            return OwnerKey.UNKNOWN;
        }

        /** The owner key when {@code r} is a holder a developer recognises (holding {@code child}), else null. */
        private OwnerKey holderKey(int r, int child) {
            HeapClass mirror = mirrors().get(r);
            if (mirror != null) {
                return new OwnerKey(r, staticFieldOf(mirror, child));
            }
            HeapThread t = threads().get(r);
            if (t != null) {
                return new OwnerKey(r, frameOf(t, child));
            }
            if (!JdkClasses.isJdkClass(heap.classOf(r).name())) {
                return new OwnerKey(r, heap.object(r).fieldReferencing(child));
            }
            return null;
        }

        /** Referrers that can hold {@code id}: live ones for a live object, and no reference or fd back-edges. */
        private int[] holders(int id, boolean live) {
            int[] all = heap.referrers(id);
            int n = 0;
            int[] out = new int[all.length];
            for (int r : all) {
                // A live object's holders are live; skipping the others keeps Cleaner and finalizer queues out.
                if (live && !heap.isLive(r)) {
                    continue;
                }
                if (!mirrors().containsKey(r) && skipsAsHolder(heap.classOf(r))) {
                    continue;
                }
                out[n++] = r;
            }
            return java.util.Arrays.copyOf(out, n);
        }

        private static boolean skipsAsHolder(HeapClass c) {
            return c.isSubclassOf("java.lang.ref.Reference") || c.name().equals("java.io.FileDescriptor");
        }

        private static String frameOf(HeapThread t, int local) {
            for (StackFrame f : t.frames()) {
                for (int id : f.localIds()) {
                    if (id == local) {
                        return JdkClasses.stableClassName(f.className()) + "." + f.methodName();
                    }
                }
            }
            return null;
        }

        private static String staticFieldOf(HeapClass c, int child) {
            for (String f : c.staticFieldNames()) {
                if (c.staticValue(f) instanceof HeapObject v && v.id() == child) {
                    return f;
                }
            }
            return null;
        }

        private Map<Integer, HeapClass> mirrors() {
            if (mirrors.isEmpty()) {
                for (HeapClass c : heap.allClasses()) {
                    mirrors.put(c.id(), c);
                }
            }
            return mirrors;
        }

        private Map<Integer, HeapThread> threads() {
            if (threadsById.isEmpty()) {
                for (HeapThread t : heap.threads()) {
                    threadsById.put(t.objectId(), t);
                }
            }
            return threadsById;
        }

        // ---- findings ----------------------------------------------------------------------------------------

        List<Finding> findings() {
            Map<GroupKey, List<Descriptor>> groups = new LinkedHashMap<>();
            Map<GroupKey, Holders> holdersOf = new HashMap<>();
            long processOpen = 0;
            for (Descriptor d : descriptors.values()) {
                if (d.closed || d.housekeeping || d.objectId < 0) {
                    continue;
                }
                processOpen++;
                Kind kind = d.kind.reported();
                OwnerKey owner = d.live ? ownerOf(d.objectId, true) : OwnerKey.UNREACHABLE;
                GroupKey key = new GroupKey(kind, d.live, groupName(owner));
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
                holdersOf.computeIfAbsent(key, k -> new Holders(owner)).holders.add(owner.holderId());
            }
            List<Finding> out = new ArrayList<>();
            for (Map.Entry<GroupKey, List<Descriptor>> g : groups.entrySet()) {
                out.add(finding(g.getKey(), holdersOf.get(g.getKey()), g.getValue(), processOpen));
            }
            return out;
        }

        /** The code-level name of a holder (see {@link GroupKey}); also the owner part of the fingerprint. */
        private String groupName(OwnerKey o) {
            if (o.holderId() < 0) {
                return o.field();
            }
            HeapClass mirror = mirrors().get(o.holderId());
            if (mirror != null) {
                return "static:" + mirror.name() + (o.field() == null ? "" : "." + o.field());
            }
            if (threads().containsKey(o.holderId())) {
                return o.field() != null ? "frame:" + o.field()
                        : "thread:" + JdkClasses.stableClassName(heap.classOf(o.holderId()).name());
            }
            return "field:" + JdkClasses.stableClassName(heap.classOf(o.holderId()).name())
                    + (o.field() == null ? "" : "." + o.field());
        }

        private Finding finding(GroupKey key, Holders holders, List<Descriptor> ds, long processOpen) {
            ds.sort(Comparator.comparingInt((Descriptor d) -> d.fd).thenComparingInt(d -> d.objectId));
            Map<String, Long> byTarget = new LinkedHashMap<>();
            long retained = 0;
            Set<String> classes = new java.util.TreeSet<>();
            for (Descriptor d : ds) {
                byTarget.merge(d.target == null ? "(unknown)" : d.target, 1L, Long::sum);
                retained += heap.retainedBytes(d.objectId);
                classes.add(heap.classOf(d.objectId).name());
            }
            List<Breakdown> breakdown = byTarget.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> new Breakdown(e.getKey(), e.getValue()))
                    .toList();
            long maxSame = breakdown.isEmpty() ? 0 : breakdown.get(0).count();
            // One path open many times at once is strong evidence of a missing close; one peer many times is
            // what every connection pool looks like, so for sockets only the count matters.
            long sameTarget = key.kind().isPath() ? maxSame : 1;

            // Evidence: spread over targets first (one per path or peer), then fill up.
            List<Descriptor> examples = pickExamples(ds);
            List<Evidence> evidence = new ArrayList<>();
            String ownerLabel = null;
            List<PathElement> ownerPath = List.of();
            for (Descriptor d : examples) {
                List<PathElement> path = heap.pathToGcRoot(d.objectId);
                if (ownerLabel == null) {
                    ownerLabel = ownerLabel(key, holders, path);
                    ownerPath = path;
                }
                evidence.add(evidence(d, path));
            }
            Kind kind = key.kind();
            long n = ds.size();
            Severity severity = severity(n, sameTarget, key.live(), processOpen);
            // JDK implementation classes (FileChannelImpl, NioSocketImpl) read better as the API a developer used.
            String single = classes.size() == 1 ? Names.simpleName(classes.iterator().next()) : null;
            String mainClass = single == null || single.endsWith("Impl") ? kind.noun : single;
            String noun = plural(n, kind == Kind.HTTP ? "HTTP response" : mainClass);
            String what = kind.isPath() ? "path" : "peer";
            Finding.Builder b = Finding.builder(ID)
                    .fingerprint(fingerprint(key, classes))
                    .severity(severity)
                    .count(n)
                    .retainedBytes(retained)
                    .owner(ownerLabel)
                    .breakdown(breakdown)
                    .evidence(evidence)
                    .remediation(remediation(kind));
            if (key.live()) {
                b.title(Units.count(n) + " " + noun + (n == 1 ? " still holds an open descriptor"
                        : " still hold open descriptors"));
                b.summary(Units.count(n) + " open " + (n == 1 ? "descriptor" : "descriptors") + " ("
                        + kind.id + ") reachable from a live root, held by " + ownerLabel
                        // (a thread group's label already counts its threads)
                        + (holders.holders.size() > 1 && !threads().containsKey(holders.first.holderId())
                        ? " in " + Units.count(holders.holders.size()) + " objects" : "")
                        + "; " + byTarget.size()
                        + " distinct " + what + (byTarget.size() == 1 ? "" : "s")
                        + (maxSame > 1 ? ", the most frequent open " + Units.count(maxSame) + " times" : "")
                        + ". They accumulate until the holder lets go or closes them.");
            } else {
                b.title(Units.count(n) + " unreachable " + noun + " wait" + (n == 1 ? "s" : "")
                        + " for the GC to close " + (n == 1 ? "its descriptor" : "their descriptors"));
                b.summary(Units.count(n) + " open " + (n == 1 ? "descriptor" : "descriptors") + " (" + kind.id
                        + ") that nothing reachable holds: they were never closed and stay open until a GC runs "
                        + "their Cleaner or finalizer; " + byTarget.size() + " distinct " + what
                        + (byTarget.size() == 1 ? "" : "s") + ".");
            }
            // Class and field names are code, not dump contents; thread names (quoted in owner labels) are contents.
            HeapThread holderThread = threads().get(holders.first.holderId());
            if (holderThread != null) {
                b.sensitive(holderThread.name());
            }
            Evidences.registerThreadNames(ownerPath, b);
            for (String t : byTarget.keySet()) {
                b.sensitive(t);
            }
            return b.build();
        }

        private static List<Descriptor> pickExamples(List<Descriptor> ds) {
            List<Descriptor> picked = new ArrayList<>();
            Set<String> targets = new HashSet<>();
            for (Descriptor d : ds) {
                if (picked.size() < Evidences.COLLECT_LIMIT && targets.add(String.valueOf(d.target))) {
                    picked.add(d);
                }
            }
            for (Descriptor d : ds) {
                if (picked.size() >= Evidences.COLLECT_LIMIT) {
                    break;
                }
                if (!picked.contains(d)) {
                    picked.add(d);
                }
            }
            return picked;
        }

        private Evidence evidence(Descriptor d, List<PathElement> path) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(d.kind.isPath() ? "path" : "peer", d.target == null ? "(unknown)" : d.target);
            attributes.put("fd", d.fd);
            attributes.put("kind", d.kind.reported().id);
            attributes.put("live", d.live);
            List<PathStep> steps = Evidences.steps(path);
            if (steps.size() > MAX_PATH_STEPS) {
                // A path through a Cleaner's or finalizer's linked list can be thousands of steps long; its two
                // ends say what matters (the object and its first holders; the root).
                List<PathStep> cut = new ArrayList<>(steps.subList(0, MAX_PATH_STEPS - 2));
                cut.add(PathStep.elided(steps.size() - MAX_PATH_STEPS + 1));
                cut.add(steps.get(steps.size() - 1));
                steps = cut;
            }
            return new Evidence(Evidence.objectId(heap.address(d.objectId)), heap.classOf(d.objectId).name(),
                    heap.shallowBytes(d.objectId), heap.retainedBytes(d.objectId), attributes, steps);
        }

        private String ownerLabel(GroupKey key, Holders holders, List<PathElement> path) {
            if (!key.live()) {
                return "nothing reachable (waiting for the GC to run its Cleaner or finalizer)";
            }
            // The group's own holder first: the path is the shortest from any root and may pass another holder.
            OwnerKey o = holders.first;
            HeapThread t = threads().get(o.holderId());
            if (t != null && o.field() != null) {
                int dot = o.field().lastIndexOf('.');
                String frame = Names.simpleName(o.field().substring(0, dot)) + o.field().substring(dot);
                return holders.holders.size() == 1 ? "local of thread '" + t.name() + "' in " + frame
                        : "locals of " + Units.count(holders.holders.size()) + " threads in " + frame + ", e.g. thread '"
                        + t.name() + "'";
            }
            HeapClass mirror = mirrors().get(o.holderId());
            if (mirror != null && o.field() != null) {
                return mirror.name() + "." + o.field() + " (static field)";
            }
            if (o.holderId() >= 0 && t == null && mirror == null && o.field() != null) {
                return heap.classOf(o.holderId()).name() + "." + o.field() + " (field)";
            }
            String fromPath = Evidences.owner(path);
            if (fromPath != null) {
                return fromPath;
            }
            return "unknown holder";
        }

        /** Class and field names only: the same leak in two dumps has the same fingerprint. */
        private static String fingerprint(GroupKey key, Set<String> classes) {
            String owner = key.owner();
            if (owner.startsWith("static:") || owner.startsWith("field:")) {
                owner = owner.substring(owner.indexOf(':') + 1);
            } else if (owner.startsWith("frame:") || owner.startsWith("thread:")) {
                owner = "thread/" + owner.substring(owner.indexOf(':') + 1);
            }
            return String.join("+", classes) + "/" + owner;
        }

        static Severity severity(long n, long maxSame, boolean live, long processOpen) {
            int level;
            if (n >= HIGH_COUNT || maxSame >= HIGH_SAME_TARGET) {
                level = 3;
            } else if (n >= MEDIUM_COUNT || maxSame >= MEDIUM_SAME_TARGET) {
                level = 2;
            } else if (n >= HANDFUL || maxSame >= 2) {
                // A path open twice at once is already a missing close; a few distinct files are not.
                level = 1;
            } else {
                level = 0;
            }
            if (!live) {
                // The GC will close them eventually; still a missing close, one level less urgent.
                level = Math.max(0, level - 1);
            }
            if (processOpen >= PROCESS_PRESSURE && level >= 1) {
                level = Math.min(3, level + 1);
            }
            return switch (level) {
                case 3 -> Severity.HIGH;
                case 2 -> Severity.MEDIUM;
                case 1 -> Severity.LOW;
                default -> Severity.INFO;
            };
        }

        private static String remediation(Kind kind) {
            return switch (kind) {
                case HTTP -> "Read each response body to the end and close it (and the error stream on failures), "
                        + "in try-with-resources; call disconnect() when the connection must not be reused.";
                case SOCKET, SOCKET_IMPL, SERVER_SOCKET, SERVER_SOCKET_IMPL, SOCKET_CHANNEL, DATAGRAM_SOCKET, SERVER_SOCKET_CHANNEL, DATAGRAM_CHANNEL ->
                        "Close every socket and channel in try-with-resources or a finally block; give pools and "
                                + "caches of connections a bound and close connections on eviction.";
                case ZIP, ZIP_SOURCE -> "Close each ZipFile/JarFile in try-with-resources; cache one per path "
                        + "instead of opening the same archive repeatedly.";
                default -> "Open the file in try-with-resources so it is closed on every path; if files must stay "
                        + "open, keep one per path in a bounded cache that closes on eviction.";
            };
        }

        // ---- reading values -----------------------------------------------------------------------------------

        private List<HeapObject> instances(String className) {
            List<HeapObject> out = new ArrayList<>();
            for (HeapClass c : heap.classesAssignableTo(className)) {
                for (int id : c.instanceIds()) {
                    out.add(heap.object(id));
                }
            }
            return out;
        }

        private static String stringField(HeapObject o, String field) {
            return o != null && o.value(field) instanceof HeapObject s ? s.asString() : null;
        }

        /** An {@code InetAddress} as text: IPv4 dotted, IPv6 from its holder's bytes, else its host name. */
        private static String inetAddress(HeapObject a) {
            if (a == null) {
                return null;
            }
            HeapObject holder = a.ref("holder");
            HeapObject src = holder != null ? holder : a; // ≤ 7u: fields on InetAddress itself
            HeapObject holder6 = a.ref("holder6");
            if (holder6 != null && holder6.ref("ipaddress") != null
                    && holder6.ref("ipaddress").primitiveArray() instanceof byte[] b && b.length == 16) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < 16; i += 2) {
                    sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
                }
                return sb.append(']').toString();
            }
            if (src.value("address") instanceof Integer ip && src.intValue("family", 1) == 1) {
                return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
            }
            String host = stringField(src, "hostName");
            return host != null ? host : stringField(src, "originalHostName");
        }

        /** An {@code InetSocketAddress} ({@code holder}: addr, hostname, port) as {@code host:port}. */
        private static String socketAddress(HeapObject sa) {
            if (sa == null) {
                return null;
            }
            HeapObject h = sa.ref("holder") != null ? sa.ref("holder") : sa;
            String host = inetAddress(h.ref("addr"));
            if (host == null) {
                host = stringField(h, "hostname");
            }
            if (host == null) {
                String unixPath = stringField(sa, "path"); // UnixDomainSocketAddress wraps a Path
                return unixPath;
            }
            return hostPort(host, h.intValue("port", 0));
        }

        private static String hostPort(String host, int port) {
            return host + ":" + port;
        }

        private static String listening(String local) {
            return local == null ? "listening" : "listening on " + local;
        }

        private static String local(String local) {
            return local == null ? null : "local " + local;
        }

        /** A {@code java.net.URL} as text from its fields. */
        private static String url(HeapObject u) {
            if (u == null) {
                return null;
            }
            String protocol = stringField(u, "protocol");
            String host = stringField(u, "host");
            int port = u.intValue("port", -1);
            String file = stringField(u, "file");
            return (protocol == null ? "http" : protocol) + "://" + (host == null ? "" : host)
                    + (port < 0 ? "" : ":" + port) + (file == null ? "" : file);
        }

        private static String plural(long n, String noun) {
            if (n == 1) {
                return noun;
            }
            return noun.endsWith("s") ? noun + "es" : noun + "s";
        }
    }
}
