package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.text.DumpString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Objects of the JDK that own an OS descriptor, and whether they still hold it open (jdk-layouts.md §7): file
 * streams, {@code RandomAccessFile}, NIO channels, socket and datagram impls, sockets, zip sources and zip files,
 * {@code HttpURLConnection}. "Open" is decided per layout by the fields present, never by the fd number alone (a
 * closed socket keeps its number).
 *
 * <p>Every claim is keyed by the {@code java.io.FileDescriptor} object (or, for a JDK 8 zip, by the native
 * {@code jzfile} handle): a stream and its channel, a socket and its impl, a zip file and its source's
 * {@code RandomAccessFile} share one descriptor and so one key; {@link Kind#rank} says which of them stands for it
 * (the object a developer wrote: {@code Socket} over {@code NioSocketImpl}, {@code FileInputStream} over its
 * channel, {@code ZipFile} over its source, {@code HttpURLConnection} over its socket).
 *
 * <p>{@link #housekeeping} names the descriptors the JDK keeps open for the JVM's life: class-path and module jars held
 * by class loaders, jars cached for {@code jar:} URLs, the module image, SecureRandom's {@code /dev/random} streams and
 * connections parked in the HTTP keep-alive cache.
 */
public final class Descriptors {
    /** What kind of resource a descriptor belongs to; {@code rank} orders who represents a shared descriptor. */
    public enum Kind {
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
        HTTP("http-response", "HTTP response", 6),
        /* Selectors, asynchronous channels and directory streams (NioResources). */
        SELECTOR("selector", "Selector", 2),
        ASYNC_SOCKET_CHANNEL("async-socket-channel", "AsynchronousSocketChannel", 2),
        ASYNC_SERVER_SOCKET_CHANNEL("async-server-socket-channel", "AsynchronousServerSocketChannel", 2),
        ASYNC_FILE_CHANNEL("async-file-channel", "AsynchronousFileChannel", 2),
        DIRECTORY_STREAM("directory-stream", "DirectoryStream", 3),
        /*
         * Pending cleanup objects that still hold a descriptor whose owner is gone (Cleanables): the lowest rank, so
         * the stream, channel or socket stands for the descriptor wherever the dump still has it.
         */
        CLEANABLE_FILE("file", "file stream", 0),
        CLEANABLE_FILE_CHANNEL("file-channel", "FileChannel", 0),
        CLEANABLE_SOCKET("socket", "Socket", 0),
        CLEANABLE_ZIP("zip-file", "ZipFile", 0),
        CLEANABLE_OTHER("descriptor", "descriptor", 0);

        public final String id;
        public final String noun;
        public final int rank;

        Kind(String id, String noun, int rank) {
            this.id = id;
            this.noun = noun;
            this.rank = rank;
        }

        /** The kind a finding reports: impls and zip sources stand for the object a developer opens. */
        public Kind reported() {
            return switch (this) {
                case SOCKET_IMPL -> SOCKET;
                case SERVER_SOCKET_IMPL -> SERVER_SOCKET;
                case ZIP_SOURCE, CLEANABLE_ZIP -> ZIP;
                case CLEANABLE_SOCKET -> SOCKET;
                case CLEANABLE_FILE_CHANNEL -> FILE_CHANNEL;
                default -> this;
            };
        }

        public boolean isPath() {
            return switch (this) {
                case FILE_CHANNEL, MAPPED, FILE_INPUT, FILE_OUTPUT, RANDOM_ACCESS, ZIP_SOURCE, ZIP, ASYNC_FILE_CHANNEL,
                        DIRECTORY_STREAM, CLEANABLE_FILE, CLEANABLE_FILE_CHANNEL, CLEANABLE_ZIP -> true;
                default -> false;
            };
        }

        /** True for the claims of pending cleanup objects ({@link Cleanables}), whose resource object is gone. */
        public boolean isCleanable() {
            return rank == 0;
        }

        /** Sockets and channels to a peer (connection pools hold these). */
        public boolean isConnection() {
            return switch (reported()) {
                case SOCKET, SOCKET_CHANNEL, ASYNC_SOCKET_CHANNEL, HTTP -> true;
                default -> false;
            };
        }
    }


    /**
     * One object's claim on an OS descriptor: the descriptor's key (see the class comment), its fd number (-1 when
     * this claimant does not know it), the kind of claimant, the object, its path or peer, and whether it says the
     * descriptor is open.
     */
    public record Claim(long key, int fd, Kind kind, HeapObject owner, DumpString target, boolean open) {
    }

    private final HeapView heap;
    private final List<Claim> claims = new ArrayList<>();
    private final Set<Long> keys = new HashSet<>();

    private Descriptors(HeapView heap) {
        this.heap = heap;
    }

    /** Every claim in the heap, lowest {@link Kind#rank} first (a higher rank takes over representation). */
    public static List<Claim> claims(HeapView heap) {
        Descriptors d = new Descriptors(heap);
        d.scanSocketImpls();
        d.scanChannels();
        d.scanMappedBuffers();
        d.scanDatagramSocketImpls();
        d.scanStreams("java.io.FileInputStream", Kind.FILE_INPUT);
        d.scanStreams("java.io.FileOutputStream", Kind.FILE_OUTPUT);
        d.scanStreams("java.io.RandomAccessFile", Kind.RANDOM_ACCESS);
        d.scanZipSources();
        d.scanSockets("java.net.Socket", Kind.SOCKET);
        d.scanSockets("java.net.ServerSocket", Kind.SERVER_SOCKET);
        d.scanZipFiles();
        d.scanHttp();
        NioResources.scan(heap, d::add);
        return d.claims;
    }

    /** Receives claims (for the readers that share this class's key scheme). */
    interface Sink {
        void add(long key, int fd, Kind kind, HeapObject o, String target, boolean open);
    }

    /**
     * The descriptor key of a resource object, for readers that know which object a library or the JDK keeps (a
     * pool's {@code Socket}, a server's {@code SocketChannel}): a {@code FileDescriptor}, a socket (also an SSL socket
     * over a plain one), a channel or stream with an {@code fd}, a {@code ZipFile}. Null when it owns none.
     */
    public static Long keyOf(HeapObject resource) {
        if (resource == null) {
            return null;
        }
        if ("java.io.FileDescriptor".equals(resource.className())) {
            return fdKey(resource);
        }
        if (resource.heapClass().isSubclassOf("java.net.Socket")) {
            return socketKey(resource);
        }
        if (resource.heapClass().isSubclassOf("java.util.zip.ZipFile")) {
            return zipKey(resource);
        }
        if (resource.heapClass().isSubclassOf("java.nio.channels.spi.AbstractSelector")) {
            return NioResources.OWN_KEY_BASE + resource.id();
        }
        return resource.value("fd") instanceof HeapObject fdo && "java.io.FileDescriptor".equals(fdo.className())
                ? fdKey(fdo) : null;
    }

    private void add(long key, int fd, Kind kind, HeapObject o, String target, boolean open) {
        claims.add(new Claim(key, fd, kind, o, DumpString.of(target), open));
        keys.add(key);
    }

    /** The key of a {@code FileDescriptor} object, or null when there is none. */
    static Long fdKey(HeapObject fdObject) {
        return fdObject == null ? null : (long) fdObject.id();
    }

    static int fdNumber(HeapObject fdObject) {
        return fdObject == null ? -1 : fdObject.intValue("fd", -1);
    }

    /**
     * File streams: open while {@code closed == false} and the descriptor's fd is not -1 (close sets it to -1
     * in every layout; 8+ also sets {@code FileDescriptor.closed}). {@code closed} is a boolean in 6–8 and 17+,
     * an AtomicBoolean in JDK 11's RandomAccessFile.
     */
    private void scanStreams(String className, Kind kind) {
        for (HeapObject o : heap.instancesOf(className, true)) {
            HeapObject fdo = o.ref("fd");
            if (fdo == null) {
                continue;
            }
            int fd = fdNumber(fdo);
            boolean open = !closedFlag(o) && fd >= 0 && !fdo.boolValue("closed", false);
            add(fdKey(fdo), fd, kind, o, DumpString.contentsOf(o.stringValue("path")), open);
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
        for (HeapObject o : heap.instancesOf("java.nio.channels.spi.AbstractInterruptibleChannel", true)) {
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
            add(fdKey(fdo), fd, kind, o, channelTarget(o, kind), open);
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

    private static String channelTarget(HeapObject o, Kind kind) {
        return switch (kind) {
            case FILE_CHANNEL -> {
                String p = DumpString.contentsOf(o.stringValue("path"));
                // ≤ 7GA has no path on the channel; its parent stream may have one.
                yield p != null ? p : o.ref("parent") == null ? null
                        : DumpString.contentsOf(o.ref("parent").stringValue("path"));
            }
            case SOCKET_CHANNEL, DATAGRAM_CHANNEL -> {
                String remote = NetAddresses.socketAddress(o.ref("remoteAddress"));
                yield remote != null ? remote : NetAddresses.local(NetAddresses.socketAddress(o.ref("localAddress")));
            }
            case SERVER_SOCKET_CHANNEL -> NetAddresses.listening(NetAddresses.socketAddress(o.ref("localAddress")));
            case PIPE -> "pipe";
            default -> null;
        };
    }

    /**
     * Mapped buffers ({@code FileChannelImpl$Unmapper}) keep a descriptor only where the JDK duplicates one
     * for the mapping (Windows); on Linux it is -1 and nothing is claimed. Unmapped once {@code address == 0}.
     */
    private void scanMappedBuffers() {
        for (HeapObject o : heap.instancesOf("sun.nio.ch.FileChannelImpl$Unmapper", true)) {
            HeapObject fdo = o.ref("fd");
            int fd = fdNumber(fdo);
            if (fdo == null || fd < 0) {
                continue;
            }
            add(fdKey(fdo), fd, Kind.MAPPED, o, null, o.longValue("address", 0) != 0);
        }
    }

    /**
     * Socket impls. {@code NioSocketImpl} (13+): open while {@code state} is 1–3 (unconnected, connecting,
     * connected); its fd number is not reset on close. The legacy {@code PlainSocketImpl}: open while
     * {@code fd != null} (close sets it to null). {@code DelegatingSocketImpl} wrappers (SocksSocketImpl 13+)
     * own no descriptor: their delegate is claimed instead.
     */
    private void scanSocketImpls() {
        for (HeapObject o : heap.instancesOf("java.net.SocketImpl", true)) {
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
            add(fdKey(fdo), fd, server ? Kind.SERVER_SOCKET_IMPL : Kind.SOCKET_IMPL, o,
                    server ? NetAddresses.listening(implLocal(o)) : implPeer(o), open);
        }
    }

    /**
     * The legacy {@code DatagramSocketImpl} (≤ 14 by default; 15+ put DatagramSocket over a DatagramChannel,
     * found by {@link #scanChannels}): open while {@code fd != null}, which {@code close()} sets to null.
     */
    private void scanDatagramSocketImpls() {
        for (HeapObject o : heap.instancesOf("java.net.DatagramSocketImpl", true)) {
            HeapObject fdo = o.ref("java.net.DatagramSocketImpl", "fd");
            int fd = fdNumber(fdo);
            if (fdo == null || fd < 0) {
                continue;
            }
            int port = o.intValue("localPort", 0);
            add(fdKey(fdo), fd, Kind.DATAGRAM_SOCKET, o, port > 0 ? "local port " + port : null, true);
        }
    }

    /** {@code Socket}/{@code ServerSocket}: {@code closed} (≤17) or {@code state & CLOSED(8)} (21+). */
    private void scanSockets(String className, Kind kind) {
        for (HeapObject o : heap.instancesOf(className, true)) {
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
            String target = kind == Kind.SERVER_SOCKET ? NetAddresses.listening(implLocal(impl)) : implPeer(impl);
            add(fdKey(fdo), fdNumber(fdo), kind, o, target, open);
        }
    }

    private static HeapObject realImpl(HeapObject impl) {
        return impl != null && impl.ref("delegate") != null ? impl.ref("delegate") : impl;
    }

    private static String implPeer(HeapObject impl) {
        String host = NetAddresses.inetAddress(impl.ref("java.net.SocketImpl", "address"));
        int port = impl.intValue("port", 0);
        return host == null ? null : NetAddresses.hostPort(host, port);
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
        for (HeapObject src : heap.instancesOf("java.util.zip.ZipFile$Source", true)) {
            HeapObject raf = src.ref("zfile");
            HeapObject fdo = raf == null ? null : raf.ref("fd");
            if (fdo == null) {
                continue;
            }
            HeapObject file = src.ref("key") == null ? null : src.ref("key").ref("file");
            String path = DumpString.contentsOf(file == null ? raf.stringValue("path") : file.stringValue("path"));
            int fd = fdNumber(fdo);
            add(fdKey(fdo), fd, Kind.ZIP_SOURCE, src, path, fd >= 0 && !closedFlag(raf));
        }
    }

    /**
     * {@code ZipFile}: 9+ open while {@code closeRequested == false} and {@code res.zsrc} is set; ≤8 open while
     * {@code jzfile != 0} (a native handle shared by every ZipFile of the same name, used as the key).
     */
    private void scanZipFiles() {
        for (HeapObject z : heap.instancesOf("java.util.zip.ZipFile", true)) {
            Long key = zipKey(z);
            if (key == null) {
                continue;
            }
            boolean open = !z.boolValue("closeRequested", false);
            String name = DumpString.contentsOf(z.stringValue("name"));
            if (name == null) {
                name = DumpString.contentsOf(z.stringValue("filePath")); // 25
            }
            add(key, -1, Kind.ZIP, z, name, open); // the source's claim carries the fd number
        }
    }

    /** The descriptor key of a ZipFile, or null when it holds none (closed, or a layout we do not know). */
    static Long zipKey(HeapObject z) {
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
        for (HeapObject c : heap.instancesOf("sun.net.www.protocol.http.HttpURLConnection", true)) {
            HeapObject http = c.ref("http");
            if (http == null || http.boolValue("inCache", false)) {
                continue;
            }
            Long key = socketKey(http.ref("serverSocket"));
            if (key == null || !keys.contains(key)) {
                continue;
            }
            // Open or closed is the socket's to say (claimed above); the connection only represents it.
            add(key, -1, Kind.HTTP, c, NetAddresses.url(c.ref("url")), true);
        }
    }

    static Long socketKey(HeapObject socket) {
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

    /**
     * Keys of the descriptors the JDK keeps open for the JVM's life (see {@link JdkHousekeeping}); the caller also
     * leaves out fds 0-2.
     */
    public static Set<Long> housekeeping(HeapView heap) {
        return JdkHousekeeping.keys(heap);
    }

    /**
     * Keys of the jars that any class loader's class path holds open ({@code URLClassPath$JarLoader.jar}), the
     * JDK's and the application's loaders alike: for saying that a jar left open belongs to a class loader.
     */
    public static Set<Long> classLoaderJars(HeapView heap) {
        Set<Long> out = new HashSet<>();
        for (String c : new String[] {"jdk.internal.loader.URLClassPath$JarLoader", "sun.misc.URLClassPath$JarLoader"}) {
            for (HeapObject loader : heap.instancesOf(c, true)) {
                HeapObject jar = loader.ref("jar");
                Long key = jar == null ? null : zipKey(jar);
                if (key != null) {
                    out.add(key);
                }
            }
        }
        return out;
    }
}
