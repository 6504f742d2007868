package dev.heaptriage.detect.jdk;

import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * Descriptors that are still open although the object that owned them was dropped without {@code close()}: the
 * JDK's pending cleanup objects (jdk-layouts.md §8.2). A stream, channel, socket or zip file registers a
 * {@code PhantomCleanable} with the common cleaner; {@code close()} takes it off the cleaner's list, and a dropped
 * owner leaves it there, with the descriptor open, until the GC finds the owner and the cleaner thread runs it. In a
 * dump taken after a GC the owner is gone and only the cleanable tells of the descriptor. Layouts, read by the fields
 * present (9-25):
 * <ul>
 *   <li>{@code java.io.FileCleanable} (file streams and {@code RandomAccessFile}): {@code int fd}, referent the
 *       {@code FileDescriptor}; {@code java.net.SocketCleanable} (11-17, the legacy socket impl) the same with
 *       {@code boolean stream}.</li>
 *   <li>{@code CleanerImpl$PhantomCleanableRef} with an {@code action} that holds a {@code FileDescriptor}, directly
 *       or a few fields down: {@code NioSocketImpl}'s closer lambda (a socket), {@code FileChannelImpl$Closer} (a
 *       channel from {@code FileChannel.open}, {@code Files.newInputStream}, {@code Files.lines},
 *       {@code Files.newBufferedReader}), {@code ZipFile$CleanableResource} ({@code zsrc}, whose {@code zfile} holds
 *       the zip's descriptor and whose {@code key.file} its path).</li>
 * </ul>
 * A cleanable is pending when it is still on its cleaner's list ({@link CleanerCensus#unlinked} is false) and its
 * referent is gone (cleared by the GC) or unreachable; open when the descriptor's fd is not -1. JDK 8 has no
 * cleanables: there the finalizer holds the dropped stream itself, which {@link Descriptors} reads as unreachable.
 */
public final class Cleanables {
    /** Keys of cleanables without a {@code FileDescriptor} object: above every object id and {@link NioResources}'. */
    static final long OWN_KEY_BASE = 1L << 35;
    /** How many fields down from an action a {@code FileDescriptor} is looked for (zip: zsrc, zfile, fd). */
    private static final int ACTION_DEPTH = 3;
    private static final String FILE_DESCRIPTOR = "java.io.FileDescriptor";

    /**
     * One pending cleanable that still holds an open descriptor: its key (that of the {@code FileDescriptor} when
     * the dump has it, so an unreachable stream and its cleanable are one descriptor), the fd number, what kind of
     * owner it cleans for, the cleanable, and the path where the cleanable still reaches one.
     */
    public record Pending(long key, int fd, Kind kind, HeapObject cleanable, DumpString target) {
    }

    private Cleanables() {
    }

    /** Every pending cleanable of the dump that holds an open descriptor. */
    public static List<Pending> pending(HeapView heap) {
        List<Pending> out = new ArrayList<>();
        for (HeapObject c : heap.instancesOf(CleanerCensus.PHANTOM_CLEANABLE, true)) {
            HeapObject referent = References.referent(c);
            if (referent != null && heap.isLive(referent.id()) || CleanerCensus.unlinked(c)) {
                continue; // in use, or closed
            }
            Pending p = c.value("fd") instanceof Integer fd ? ownFd(c, fd, referent) : viaAction(c);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@code FileCleanable} / {@code SocketCleanable}: the fd number is the cleanable's own. */
    private static Pending ownFd(HeapObject c, int fd, HeapObject referent) {
        if (fd < 0) {
            return null; // Windows keeps a handle instead; nothing to count by number
        }
        Kind kind = c.hasField("stream") ? Kind.CLEANABLE_SOCKET : Kind.CLEANABLE_FILE;
        boolean fdObject = referent != null && FILE_DESCRIPTOR.equals(referent.className());
        String target = null;
        if (fdObject && referent.ref("parent") != null) {
            target = DumpString.contentsOf(referent.ref("parent").stringValue("path"));
        }
        return new Pending(fdObject ? referent.id() : OWN_KEY_BASE + c.id(), fd, kind, c, DumpString.of(target));
    }

    /** A cleaning action that holds a {@code FileDescriptor}: a socket's, a channel's or a zip file's closer. */
    private static Pending viaAction(HeapObject c) {
        HeapObject action = c.hasField("action") ? c.ref("action") : null;
        if (action == null) {
            return null;
        }
        HeapObject fdo = findDescriptor(action, 0);
        if (fdo == null) {
            return null;
        }
        int fd = Descriptors.fdNumber(fdo);
        if (fd < 0 || fdo.boolValue("closed", false)) {
            return null;
        }
        String cls = action.className();
        Kind kind;
        String target = null;
        if (action.hasField("zsrc")) {
            kind = Kind.CLEANABLE_ZIP;
            HeapObject src = action.ref("zsrc");
            HeapObject file = src.ref("key") == null ? null : src.ref("key").ref("file");
            target = file == null ? null : DumpString.contentsOf(file.stringValue("path"));
        } else if (cls.startsWith("sun.nio.ch.NioSocketImpl") || cls.startsWith("sun.nio.ch.Net")) {
            kind = Kind.CLEANABLE_SOCKET;
        } else if (cls.startsWith("sun.nio.ch.FileChannelImpl")) {
            kind = Kind.CLEANABLE_FILE_CHANNEL;
        } else {
            kind = Kind.CLEANABLE_OTHER;
        }
        return new Pending(fdo.id(), fd, kind, c, DumpString.of(target));
    }

    /** The first {@code FileDescriptor} among the action's fields, then their fields, up to {@value #ACTION_DEPTH} down. */
    private static HeapObject findDescriptor(HeapObject o, int depth) {
        if (FILE_DESCRIPTOR.equals(o.className())) {
            return o;
        }
        if (depth >= ACTION_DEPTH || o.isArray()) {
            return null;
        }
        for (var k = o.heapClass(); k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                if (o.value(k.name(), f) instanceof HeapObject v && FILE_DESCRIPTOR.equals(v.className())) {
                    return v;
                }
            }
        }
        for (var k = o.heapClass(); k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                // Only down the JDK's own objects (a zip source, its RandomAccessFile), never into application state.
                if (o.value(k.name(), f) instanceof HeapObject v && !v.isArray() && JdkClasses.isJdkClass(v.className())
                        && !v.className().equals("java.lang.String")) {
                    HeapObject found = findDescriptor(v, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }
}
