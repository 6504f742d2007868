package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.Descriptors;
import dev.heaptriage.detect.jdk.Descriptors.Claim;
import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heap side of {@code unclosed-fd}: merges the JDK's descriptor claims ({@link Descriptors}) into one record per
 * OS descriptor, leaves out JDK housekeeping and closed ones, and groups the open ones by reported kind, liveness and
 * owner. It reads only the instances of the classes that own descriptors and never scans the whole heap, so its cost
 * grows with the number of such objects, not with the heap.
 */
final class FdScan {
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
     * A finding's group. {@code owner} is the holder by code ({@link Owner#key()}), not by object, so a thousand
     * pooled {@code Connection} objects with one socket each, or fifty worker threads with a stream in
     * {@code Worker.run}, make one group, not a thousand.
     */
    record GroupKey(Kind kind, boolean live, String owner) {
    }

    /** The descriptors of one group and their holders: the first one found names it; {@code holders} counts them. */
    static final class Group {
        final GroupKey key;
        final Owner first;
        final Set<Integer> holders = new HashSet<>();
        final List<Descriptor> descriptors = new ArrayList<>();

        Group(GroupKey key, Owner first) {
            this.key = key;
            this.first = first;
        }
    }

    private final HeapView heap;
    private final Owners owners;
    private final Map<Long, Descriptor> descriptors = new LinkedHashMap<>();

    FdScan(HeapView heap, Owners owners) {
        this.heap = heap;
        this.owners = owners;
        for (Claim c : Descriptors.claims(heap)) {
            claim(c);
        }
        Set<Long> housekeeping = Descriptors.housekeeping(heap);
        for (Map.Entry<Long, Descriptor> e : descriptors.entrySet()) {
            Descriptor d = e.getValue();
            // stdin, stdout and stderr (FileDescriptor.in/out/err and streams over them) are the process's own.
            if (d.fd >= 0 && d.fd <= 2 || housekeeping.contains(e.getKey())) {
                d.housekeeping = true;
            }
        }
    }

    private void claim(Claim c) {
        Descriptor d = descriptors.computeIfAbsent(c.key(), k -> new Descriptor());
        if (!c.open()) {
            // A close shows on the object it was called on (a Socket's flag, not always its impl's state; a stream's
            // flag, not its channel's), and the descriptor is released then: one "closed" decides.
            d.closed = true;
        }
        if (d.fd < 0 && c.fd() >= 0) {
            d.fd = c.fd();
        }
        boolean live = heap.isLive(c.owner().id());
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

    /** Descriptors still open that are not housekeeping: what the process holds that the application opened. */
    long processOpen() {
        return open().size();
    }

    private List<Descriptor> open() {
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor d : descriptors.values()) {
            if (!d.closed && !d.housekeeping && d.objectId >= 0) {
                out.add(d);
            }
        }
        return out;
    }

    /** The open descriptors by (reported kind, liveness, owner), in the order they were first met. */
    List<Group> groups() {
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        for (Descriptor d : open()) {
            Owner owner = d.live ? owners.of(d.objectId) : Owner.UNREACHABLE;
            GroupKey key = new GroupKey(d.kind.reported(), d.live, owner.key());
            Group g = groups.computeIfAbsent(key, k -> new Group(k, owner));
            g.descriptors.add(d);
            g.holders.add(owner.holderId());
        }
        return new ArrayList<>(groups.values());
    }
}
