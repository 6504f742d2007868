package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.Cleanables;
import dev.heaptriage.detect.jdk.Descriptors;
import dev.heaptriage.detect.jdk.Descriptors.Claim;
import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.detect.libs.ClientResource;
import dev.heaptriage.detect.libs.ConnectionPools;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.text.DumpString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heap side of {@code unclosed-fd}: merges the JDK's descriptor claims ({@link Descriptors}) and pending cleanup
 * objects ({@link Cleanables}) into one record per OS descriptor, applies what the HTTP clients' own bookkeeping says
 * of their connections ({@link ConnectionPools}), leaves out JDK housekeeping and closed ones, and groups the open
 * ones. It reads only the instances of the classes that own descriptors and never scans the whole heap, so its cost
 * grows with the number of such objects, not with the heap.
 */
final class FdScan {
    /** One OS descriptor, as the objects that claim it describe it. */
    static final class Descriptor {
        final long key;
        int fd = -1;
        Kind kind;
        int objectId = -1;
        boolean live;
        DumpString target;
        boolean closed;
        boolean housekeeping;
        /** A pending cleanup object of a dropped owner holds it (the owner itself may be gone from the dump). */
        boolean pending;
        /** What an HTTP client's bookkeeping says of it, or null. */
        ClientResource client;

        Descriptor(long key) {
            this.key = key;
        }
    }

    /** Why a group's descriptors are open. */
    enum Reason {
        /** Held by a live owner (accumulating until it lets go or closes them). */
        HELD,
        /** The owner was dropped without close(): unreachable, or gone and only its cleaner holds the descriptor. */
        DROPPED,
        /** Connections leased from a client's pool by responses that nothing holds: never returned. */
        POOL_LEAK,
        /** Selector and connections of HTTP clients the application dropped without closing them. */
        CLIENT_DROPPED
    }

    /**
     * A finding's group. {@code owner} is the holder by code ({@link Owner#key()}), not by object, so a thousand
     * pooled {@code Connection} objects with one socket each, or fifty worker threads with a stream in
     * {@code Worker.run}, make one group, not a thousand; pooled connections are grouped by their pool's owner, never
     * by the field of a connection a path passes through.
     */
    record GroupKey(Kind kind, boolean live, String owner, Reason reason, String library) {
    }

    /** The descriptors of one group and their holders: the first one found names it; {@code holders} counts them. */
    static final class Group {
        final GroupKey key;
        final Owner first;
        final Set<Integer> holders = new HashSet<>();
        /** For client groups: the pools or clients involved. */
        final Set<Integer> clients = new HashSet<>();
        final List<Descriptor> descriptors = new ArrayList<>();

        Group(GroupKey key, Owner first) {
            this.key = key;
            this.first = first;
        }
    }

    private final HeapView heap;
    private final Owners owners;
    private final Map<Long, Descriptor> descriptors = new LinkedHashMap<>();
    private final Set<Long> loaderJars;

    FdScan(HeapView heap, Owners owners) {
        this.heap = heap;
        this.owners = owners;
        for (Claim c : Descriptors.claims(heap)) {
            claim(c);
        }
        for (Cleanables.Pending p : Cleanables.pending(heap)) {
            pending(p);
        }
        for (ClientResource r : ConnectionPools.all(heap)) {
            Long key = Descriptors.keyOf(r.resource());
            Descriptor d = key == null ? null : descriptors.get(key);
            if (d != null) {
                d.client = r;
            }
        }
        Set<Long> housekeeping = Descriptors.housekeeping(heap);
        for (Map.Entry<Long, Descriptor> e : descriptors.entrySet()) {
            Descriptor d = e.getValue();
            // stdin, stdout and stderr (FileDescriptor.in/out/err and streams over them) are the process's own.
            if (d.fd >= 0 && d.fd <= 2 || housekeeping.contains(e.getKey())) {
                d.housekeeping = true;
            }
        }
        loaderJars = Descriptors.classLoaderJars(heap);
    }

    private void claim(Claim c) {
        Descriptor d = descriptors.computeIfAbsent(c.key(), Descriptor::new);
        if (!c.open()) {
            // A close shows on the object it was called on (a Socket's flag, not always its impl's state; a stream's
            // flag, not its channel's), and the descriptor is released then: one "closed" decides.
            d.closed = true;
        }
        if (d.fd < 0 && c.fd() >= 0) {
            d.fd = c.fd();
        }
        // A zip source is the JDK's shared record of an open zip (kept in its static map): it keeps the descriptor
        // for the ZipFiles that use it, so with no ZipFile left it is held by nobody the application has.
        boolean live = c.kind() != Kind.ZIP_SOURCE && heap.isLive(c.owner().id());
        // Higher rank represents (the object the developer wrote); among equals a live one, because one live holder
        // keeps the descriptor open however many unreachable ones wait for the Cleaner.
        Kind kind = c.kind();
        if (d.kind == null || kind.rank > d.kind.rank || kind.rank == d.kind.rank && live && !d.live) {
            d.kind = kind;
            d.objectId = c.owner().id();
            d.live = live;
            if (c.target() != null) {
                d.target = c.target();
            }
        } else if (d.target == null) {
            d.target = c.target();
        }
    }

    /** A pending cleanable: the descriptor's owner was dropped; it represents the descriptor only when nothing else does. */
    private void pending(Cleanables.Pending p) {
        Descriptor d = descriptors.computeIfAbsent(p.key(), Descriptor::new);
        d.pending = true;
        if (d.fd < 0) {
            d.fd = p.fd();
        }
        if (d.kind == null) {
            d.kind = p.kind();
            d.objectId = p.cleanable().id();
            d.live = false;
        }
        if (d.target == null) {
            d.target = p.target();
        }
    }

    /** True when the descriptor is a jar of some class loader's class path (a plugin loader never closed). */
    boolean isLoaderJar(Descriptor d) {
        return loaderJars.contains(d.key);
    }

    /** Descriptors still open that are not housekeeping: what the process holds that the application opened. */
    long processOpen() {
        return open().size();
    }

    private List<Descriptor> open() {
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor d : descriptors.values()) {
            if (d.closed || d.objectId < 0) {
                continue;
            }
            ClientResource.State state = d.client == null ? null : d.client.state();
            if (state == ClientResource.State.IDLE) {
                continue; // idle in a live pool, or a live client's selector: the library's housekeeping
            }
            boolean clientLeak = state == ClientResource.State.LEAKED || state == ClientResource.State.CLIENT_DROPPED;
            if (d.housekeeping && !clientLeak) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    /** The open descriptors by (reported kind, liveness, owner, reason), in the order they were first met. */
    List<Group> groups() {
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        for (Descriptor d : open()) {
            Owner owner;
            GroupKey key;
            ClientResource client = d.client;
            ClientResource.State state = client == null ? null : client.state();
            if (state == ClientResource.State.LEAKED) {
                owner = owners.of(client.client().id());
                key = new GroupKey(Kind.SOCKET, true, owner.key(), Reason.POOL_LEAK, client.library());
            } else if (state == ClientResource.State.CLIENT_DROPPED) {
                owner = Owner.UNREACHABLE;
                key = new GroupKey(Kind.SELECTOR, true, "dropped-client", Reason.CLIENT_DROPPED, client.library());
            } else if (state == ClientResource.State.IN_USE) {
                owner = owners.of(client.user().id());
                key = new GroupKey(d.kind.reported(), true, owner.key(), Reason.HELD, client.library());
            } else if (d.live) {
                owner = owners.of(d.objectId);
                key = new GroupKey(d.kind.reported(), true, owner.key(), Reason.HELD, null);
            } else {
                owner = Owner.UNREACHABLE;
                key = new GroupKey(d.kind.reported(), false, owner.key(), Reason.DROPPED, null);
            }
            Group g = groups.computeIfAbsent(key, k -> new Group(k, owner));
            g.descriptors.add(d);
            g.holders.add(owner.holderId());
            if (client != null) {
                g.clients.add(client.client().id());
            }
        }
        return new ArrayList<>(groups.values());
    }
}
