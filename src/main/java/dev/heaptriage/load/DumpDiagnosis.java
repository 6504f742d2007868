package dev.heaptriage.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Says in heaptriage's words why a parser failed on a dump that passed the validating pass ({@link HprofRecordScan}).
 * What that pass leaves to the parser, because checking it up front would cost memory per object on every dump, is
 * looked for here, only after a failure: an object dumped twice (a parser keys everything on the object's id). A
 * failure this does not explain gets a sentence of its own; the parser's message (a Java exception, a message key of
 * MAT's) never reaches the user.
 */
final class DumpDiagnosis {
    private DumpDiagnosis() {
    }

    /** The error to report for a parser failure ({@code cause}) on the dump {@code file}. */
    static DumpException parseFailure(Path file, HprofHeader header, int heap, long objects, String what,
                                      Throwable cause) {
        String duplicate = null;
        try {
            duplicate = duplicateObject(file, header, heap, objects, what);
        } catch (IOException | DumpException | OutOfMemoryError | RuntimeException e) {
            // no diagnosis: the general sentence below
        }
        if (duplicate != null) {
            return new DumpException("corrupt dump " + what + ": " + duplicate, cause);
        }
        return new DumpException("cannot parse " + what + ": its records are consistent by every check heaptriage "
                + "makes, yet the parser stopped on them; the dump may be damaged in a way heaptriage does not name, "
                + "or written by a tool it does not know", cause);
    }

    /**
     * {@code object 0x... is dumped twice, at offsets A and B}, or null when every object of heap {@code heap} (1 is
     * the first of the file) is dumped once.
     */
    static String duplicateObject(Path file, HprofHeader header, int heap, long objects, String what)
            throws IOException, DumpException {
        long[][] ids = {new long[(int) Math.min(Math.max(objects, 16), Integer.MAX_VALUE - 8)]};
        int[] n = {0};
        HprofRecordScan.check(file, header, what, (h, id, offset) -> {
            if (h != heap) {
                return;
            }
            if (n[0] == ids[0].length) {
                ids[0] = Arrays.copyOf(ids[0], (int) Math.min(2L * n[0], Integer.MAX_VALUE - 8));
            }
            ids[0][n[0]++] = id;
        }, null);
        long[] sorted = Arrays.copyOf(ids[0], n[0]);
        ids[0] = null;
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                long twice = sorted[i];
                long[] at = {-1, -1};
                HprofRecordScan.check(file, header, what, (h, id, offset) -> {
                    if (h == heap && id == twice) {
                        at[at[0] < 0 ? 0 : 1] = offset;
                    }
                }, null);
                return "object 0x" + Long.toHexString(twice) + " is dumped twice, at offsets " + at[0] + " and "
                        + at[1];
            }
        }
        return null;
    }
}
