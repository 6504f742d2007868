package dev.heaptriage.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;

/**
 * MAT's parser writes the threads' stacks to a text file beside its index ({@code <prefix>threads}: a
 * {@code Thread 0x...} line, the frames, then {@code locals:} and one {@code objecId=0x..., line=N} per local) and
 * reads it back on the first stack asked for, mapping every address to an object. One address the dump lacks (a thread
 * root or a frame's local pointing at an object that is not in the file) makes that read fail for every thread. So
 * before anything asks, the file is read here, the threads whose object is missing and the locals whose object is
 * missing are left out, and each such gap becomes a warning that names what is missing. The file is read and
 * written in the platform charset, as MAT writes and reads it.
 */
final class MatThreadFile {
    /** At most this many addresses are listed in one warning. */
    private static final int SHOWN = 5;

    private MatThreadFile() {
    }

    /** Rewrites the snapshot's thread file without dangling addresses; returns a warning per gap (none usually). */
    static List<String> sanitize(ISnapshot snapshot) throws IOException {
        Path file = Path.of(snapshot.getSnapshotInfo().getPrefix() + "threads");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, Charset.defaultCharset());
        List<String> kept = new ArrayList<>(lines.size());
        List<String> warnings = new ArrayList<>();
        List<String> missingThreads = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!line.trim().startsWith("Thread")) {
                kept.add(line);
                i++;
                continue;
            }
            int blockEnd = blockEnd(lines, i);
            long thread = address(line);
            if (thread < 0 || !exists(snapshot, thread)) {
                missingThreads.add(hex(thread) + " (with " + frames(lines, i, blockEnd) + ")");
            } else {
                List<String> missingLocals = new ArrayList<>();
                for (int k = i; k < blockEnd; k++) {
                    String l = lines.get(k);
                    if (l.trim().startsWith("objecId=")) {
                        long local = address(l);
                        if (local < 0 || !exists(snapshot, local)) {
                            missingLocals.add(hex(local));
                            continue;
                        }
                    }
                    kept.add(l);
                }
                if (!missingLocals.isEmpty()) {
                    warnings.add("the dump lacks " + objects(missingLocals.size()) + " that locals of the thread "
                            + hex(thread) + " point to (" + list(missingLocals) + "); those locals are left out of its "
                            + "stack");
                }
            }
            i = blockEnd;
        }
        if (!missingThreads.isEmpty()) {
            warnings.add(0, "the dump lacks the thread object" + (missingThreads.size() == 1 ? "" : "s") + " that "
                    + (missingThreads.size() == 1 ? "a thread root points" : missingThreads.size() + " thread roots point")
                    + " to: " + list(missingThreads) + "; " + (missingThreads.size() == 1 ? "that thread is" : "those "
                    + "threads are") + " left out of the threads and their stacks");
        }
        if (!warnings.isEmpty()) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, Charset.defaultCharset())) {
                for (String l : kept) {
                    w.write(l);
                    w.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return warnings;
    }

    /** The index just past the block of the thread line at {@code start}: the next thread line, or the end. */
    private static int blockEnd(List<String> lines, int start) {
        int k = start + 1;
        while (k < lines.size() && !lines.get(k).trim().startsWith("Thread")) {
            k++;
        }
        return k;
    }

    private static String frames(List<String> lines, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if (lines.get(k).trim().startsWith("at ")) {
                n++;
            }
        }
        return n == 0 ? "no stack" : "a stack of " + n + " frame" + (n == 1 ? "" : "s");
    }

    private static boolean exists(ISnapshot snapshot, long address) {
        try {
            return snapshot.mapAddressToId(address) >= 0;
        } catch (SnapshotException e) {
            return false;
        }
    }

    /** The address after the first {@code 0x} of the line, or -1 when there is none. */
    static long address(String line) {
        int at = line.indexOf("0x");
        if (at < 0) {
            return -1;
        }
        int end = at + 2;
        while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        try {
            return Long.parseUnsignedLong(line.substring(at + 2, end), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hex(long address) {
        return address < 0 ? "an unreadable address" : "0x" + Long.toHexString(address).toLowerCase(Locale.ROOT);
    }

    private static String objects(int n) {
        return n == 1 ? "the object" : n + " objects";
    }

    private static String list(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
        return items.size() > SHOWN ? shown + " and " + (items.size() - SHOWN) + " more" : shown;
    }
}
