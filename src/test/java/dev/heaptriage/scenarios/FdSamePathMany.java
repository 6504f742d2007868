package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * One path open many times versus many paths open once. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #SAME}: {@value #SAME_COUNT} FileInputStreams on the one file {@code same.dat}, in a LinkedList
 *       (its middle nodes are 150 links from either end): count {@value #SAME_COUNT}, breakdown
 *       {@code same.dat ×300}, owner {@code FdSamePathMany.SAME}, <b>high</b> (one path open 100+ times at once).</li>
 *   <li>{@link #SPREAD}: {@value #COUNT} FileInputStreams on {@value #COUNT} distinct files: count {@value #COUNT},
 *       medium (50+, but spread over distinct paths).</li>
 * </ul>
 */
public final class FdSamePathMany {
    public static final int COUNT = 120;
    public static final int SAME_COUNT = 300;

    static final List<FileInputStream> SAME = new LinkedList<>();
    static final List<FileInputStream> SPREAD = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-same-path");
        Path same = FdTemp.file(dir, "same.dat", 16);
        for (int i = 0; i < SAME_COUNT; i++) {
            SAME.add(new FileInputStream(same.toFile()));
        }
        for (int i = 0; i < COUNT; i++) {
            SPREAD.add(new FileInputStream(FdTemp.file(dir, "spread-" + i + ".dat", 16).toFile()));
        }
        Scenario.dump(args[0]);
    }
}
