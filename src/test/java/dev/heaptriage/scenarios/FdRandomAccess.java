package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Unclosed RandomAccessFiles in an application map. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link Index#byName} of {@link #INDEX}: {@value #FILES} RandomAccessFiles on distinct files: one finding,
 *       count {@value #FILES} (the {@value #WITH_CHANNEL} whose {@code getChannel()} was called share the file's
 *       descriptor with their FileChannel and are not counted twice), owner {@code FdRandomAccess$Index.byName},
 *       low.</li>
 *   <li>{@value #CLOSED} more were closed (and their channels with them) but stay in {@link Index#closed}: nothing.</li>
 * </ul>
 */
public final class FdRandomAccess {
    public static final int FILES = 30;
    public static final int WITH_CHANNEL = 10;
    public static final int CLOSED = 5;

    static Index INDEX;

    /** An application index of open files. */
    static final class Index {
        final Map<String, RandomAccessFile> byName = new HashMap<>();
        final Map<String, RandomAccessFile> closed = new HashMap<>();
    }

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-random-access");
        INDEX = new Index();
        for (int i = 0; i < FILES; i++) {
            RandomAccessFile raf = new RandomAccessFile(FdTemp.file(dir, "segment-" + i + ".idx", 64).toFile(), "rw");
            if (i < WITH_CHANNEL) {
                raf.getChannel().size(); // the channel is cached in raf.channel and shares raf's descriptor
            }
            INDEX.byName.put("segment-" + i, raf);
        }
        for (int i = 0; i < CLOSED; i++) {
            RandomAccessFile raf = new RandomAccessFile(FdTemp.file(dir, "old-" + i + ".idx", 64).toFile(), "r");
            raf.getChannel().size();
            raf.close();
            INDEX.closed.put("old-" + i, raf);
        }
        Scenario.dump(args[0]);
    }
}
