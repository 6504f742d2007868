package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cost check for {@code unclosed-fd}, run by hand (not by the test suite; see
 * {@code dev.heaptriage.detect.UnclosedFdCost}): {@value #OBJECTS} small objects plus {@value #STREAMS} unclosed
 * FileInputStreams. What to observe: one {@code unclosed-fd} finding of count {@value #STREAMS}; the detector's time
 * against the dump's load time.
 */
public final class FdMillionObjects {
    public static final int OBJECTS = 1_000_000;
    public static final int STREAMS = 200;

    static final List<FileInputStream> STREAMS_HELD = new ArrayList<>();
    static Node[] NODES;

    /** A small object with a reference, so the heap has a realistic graph, not just a flat array. */
    static final class Node {
        final int value;
        final Node next;

        Node(int value, Node next) {
            this.value = value;
            this.next = next;
        }
    }

    public static void main(String[] args) throws Exception {
        NODES = new Node[OBJECTS];
        Node previous = null;
        for (int i = 0; i < OBJECTS; i++) {
            previous = new Node(i, i % 100 == 0 ? null : previous);
            NODES[i] = previous;
        }
        Path dir = FdTemp.dir("fd-million");
        for (int i = 0; i < STREAMS; i++) {
            STREAMS_HELD.add(new FileInputStream(FdTemp.file(dir, "s-" + i + ".dat", 8).toFile()));
        }
        Scenario.dump(args[0]);
    }
}
