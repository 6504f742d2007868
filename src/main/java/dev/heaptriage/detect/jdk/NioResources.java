package dev.heaptriage.detect.jdk;

import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.heap.HeapView;
import java.nio.charset.StandardCharsets;

/**
 * The NIO resources that own descriptors without a {@code FileDescriptor} stream in front of them (jdk-layouts.md
 * §7): selectors, asynchronous channels and directory streams. None of them has a cleaner, so one dropped without
 * {@code close()} leaves nothing in a dump after a GC; what a dump shows are the ones still held (open until their
 * holder closes them) and, in a dump with garbage, unreachable ones.
 *
 * <ul>
 *   <li>{@code AbstractSelector} (every {@code Selector}): open while {@code closed == false} (9+; 8 keeps an
 *       {@code AtomicBoolean selectorOpen}); the epoll descriptor {@code epfd} (Linux), {@code kqfd} (macOS) or none
 *       (Windows, poll). Each also holds a wakeup descriptor ({@code eventfd} or a pipe) that is counted with it.</li>
 *   <li>{@code AsynchronousSocketChannelImpl}, {@code AsynchronousServerSocketChannelImpl}: {@code fd},
 *       {@code closed}; {@code AsynchronousFileChannelImpl}: {@code fdObj}, {@code closed}.</li>
 *   <li>{@code UnixDirectoryStream} ({@code Files.newDirectoryStream}, {@code Files.list}, {@code Files.walk}): a
 *       native {@code DIR*} ({@code dp}) open while {@code isClosed == false}; its path is {@code dir}.</li>
 * </ul>
 * Selectors and directory streams have no {@code FileDescriptor}: their key is their own object's, offset so it never
 * meets one.
 */
final class NioResources {
    /** Keys of resources without a {@code FileDescriptor}: above every object id. */
    static final long OWN_KEY_BASE = 1L << 34;

    private NioResources() {
    }

    static void scan(HeapView heap, Descriptors.Sink sink) {
        selectors(heap, sink);
        asynchronous(heap, sink);
        directoryStreams(heap, sink);
    }

    private static void selectors(HeapView heap, Descriptors.Sink sink) {
        String declaring = "java.nio.channels.spi.AbstractSelector";
        for (HeapObject s : heap.instancesOf(declaring, true)) {
            boolean open;
            if (s.value(declaring, "closed") instanceof Boolean closed) {
                open = !closed;
            } else if (s.value(declaring, "selectorOpen") instanceof HeapObject atomic) {
                open = atomic.intValue("value", 1) != 0;
            } else {
                open = true;
            }
            int fd = s.intValue("epfd", s.intValue("kqfd", -1));
            sink.add(OWN_KEY_BASE + s.id(), fd, Kind.SELECTOR, s, "selector", open);
        }
    }

    private static void asynchronous(HeapView heap, Descriptors.Sink sink) {
        for (HeapObject c : heap.instancesOf("sun.nio.ch.AsynchronousSocketChannelImpl", true)) {
            HeapObject fdo = c.ref("fd");
            if (fdo != null) {
                String remote = NetAddresses.socketAddress(c.ref("remoteAddress"));
                sink.add(Descriptors.fdKey(fdo), Descriptors.fdNumber(fdo), Kind.ASYNC_SOCKET_CHANNEL, c,
                        remote != null ? remote : NetAddresses.local(NetAddresses.socketAddress(c.ref("localAddress"))),
                        !c.boolValue("closed", false));
            }
        }
        for (HeapObject c : heap.instancesOf("sun.nio.ch.AsynchronousServerSocketChannelImpl", true)) {
            HeapObject fdo = c.ref("fd");
            if (fdo != null) {
                sink.add(Descriptors.fdKey(fdo), Descriptors.fdNumber(fdo), Kind.ASYNC_SERVER_SOCKET_CHANNEL, c,
                        NetAddresses.listening(NetAddresses.socketAddress(c.ref("localAddress"))),
                        !c.boolValue("closed", false));
            }
        }
        for (HeapObject c : heap.instancesOf("sun.nio.ch.AsynchronousFileChannelImpl", true)) {
            HeapObject fdo = c.ref("fdObj");
            if (fdo != null) {
                int fd = Descriptors.fdNumber(fdo);
                sink.add(Descriptors.fdKey(fdo), fd, Kind.ASYNC_FILE_CHANNEL, c, null,
                        fd >= 0 && !c.boolValue("closed", false));
            }
        }
    }

    private static void directoryStreams(HeapView heap, Descriptors.Sink sink) {
        for (HeapObject d : heap.instancesOf("sun.nio.fs.UnixDirectoryStream", true)) {
            boolean open = !d.boolValue("isClosed", false) && d.longValue("dp", 0) != 0;
            sink.add(OWN_KEY_BASE + d.id(), -1, Kind.DIRECTORY_STREAM, d, unixPath(d.ref("dir")), open);
        }
    }

    /** A {@code UnixPath} as text: its cached {@code stringValue}, else its {@code path} bytes. */
    static String unixPath(HeapObject p) {
        if (p == null) {
            return null;
        }
        String s = DumpString.contentsOf(p.stringValue("stringValue"));
        if (s != null) {
            return s;
        }
        HeapObject bytes = p.ref("path");
        return bytes != null && bytes.primitiveArray() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : null;
    }
}
