package dev.heaptriage.detect.fd;

import dev.heaptriage.report.Severity;
import java.util.Set;

/** The heap-free rules of {@code unclosed-fd}: severity by count, repeats and process pressure; fingerprints. */
final class FdRule {
    /** Live groups at or above these counts are medium / high (the guide). */
    static final int MEDIUM_COUNT = 50;
    static final int HIGH_COUNT = 500;
    /** The same path open this many times at once in one group is medium / high: stronger than spread. */
    static final int MEDIUM_SAME_TARGET = 10;
    static final int HIGH_SAME_TARGET = 100;
    /** Fewer than this many distinct, once-open targets is what applications keep on purpose (log files). */
    static final int HANDFUL = 5;
    /**
     * When the whole process holds this many open descriptors, it is close to the common soft limit of 1,024 and
     * every non-trivial group is raised one level.
     */
    static final int PROCESS_PRESSURE = 500;

    /** A request thread mid-request holds at most this many descriptors of one kind: in flight, not leaked. */
    static final int IN_FLIGHT_PER_THREAD = 2;
    /** A shared client keeps at most this many pooled connections to one peer without it being a leak. */
    static final int POOLED_PER_PEER = 8;

    private FdRule() {
    }

    /**
     * Healthy load (issue 21, rule 5), never {@code low} or above: descriptors in the frames of {@code threads} live
     * threads, at most {@value #IN_FLIGHT_PER_THREAD} each (requests in flight); or sockets that an application field
     * holds through a library client, at most {@value #POOLED_PER_PEER} per peer and fewer than {@value #MEDIUM_COUNT}
     * in all (the client's idle pool).
     *
     * @param threads the live threads whose frames hold the group, 0 when it is not held by frames
     */
    static boolean healthyLoad(long n, long maxPerTarget, boolean paths, int threads, boolean throughClient) {
        if (threads > 0 && n <= (long) IN_FLIGHT_PER_THREAD * threads) {
            return true;
        }
        return throughClient && !paths && maxPerTarget <= POOLED_PER_PEER && n < MEDIUM_COUNT;
    }

    /**
     * @param n           descriptors in the group
     * @param maxSame     the most often one path is open in the group (1 for sockets: one peer many times is what
     *                    every connection pool looks like)
     * @param live        reachable from a live root (accumulating) rather than waiting for the GC
     * @param processOpen open descriptors in the whole process
     */
    static Severity severity(long n, long maxSame, boolean live, long processOpen) {
        int level;
        if (n >= HIGH_COUNT || maxSame >= HIGH_SAME_TARGET) {
            level = 3;
        } else if (n >= MEDIUM_COUNT || maxSame >= MEDIUM_SAME_TARGET) {
            level = 2;
        } else if (n >= HANDFUL || maxSame >= 2) {
            // A path open twice at once is already a missing close; a few distinct files are not.
            level = 1;
        } else {
            level = 0;
        }
        if (!live) {
            // The GC will close them eventually; still a missing close, one level less urgent.
            level = Math.max(0, level - 1);
        }
        if (processOpen >= PROCESS_PRESSURE && level >= 1) {
            level = Math.min(3, level + 1);
        }
        return switch (level) {
            case 3 -> Severity.HIGH;
            case 2 -> Severity.MEDIUM;
            case 1 -> Severity.LOW;
            default -> Severity.INFO;
        };
    }

    /**
     * The most often one path or peer occurs among a group's descriptors; descriptors whose target is unknown are
     * never "the same path" (two unknown ones may be anything: {@code /dev/random} and {@code /dev/urandom}, a child
     * process's stdout and stderr).
     */
    static long maxSameTarget(java.util.Map<?, Long> byTarget, Object unknown) {
        long max = 0;
        for (java.util.Map.Entry<?, Long> e : byTarget.entrySet()) {
            if (!e.getKey().equals(unknown)) {
                max = Math.max(max, e.getValue());
            }
        }
        return max;
    }

    /**
     * Class and field names only, so the same leak in two dumps has the same fingerprint: the claimant classes, then
     * the owner key without its kind prefix for fields ({@code com.acme.Cache.files}), as {@code thread/...} for
     * thread frames, {@code lambda/...} and {@code threadlocal/...} for those holders.
     */
    static String fingerprint(String ownerKey, Set<String> classes) {
        String owner = ownerKey;
        if (owner.startsWith("static:") || owner.startsWith("field:")) {
            owner = owner.substring(owner.indexOf(':') + 1);
        } else if (owner.startsWith("frame:") || owner.startsWith("thread:")) {
            owner = "thread/" + owner.substring(owner.indexOf(':') + 1);
        } else if (owner.startsWith("lambda:") || owner.startsWith("threadlocal:")) {
            owner = owner.replaceFirst(":", "/");
        }
        return String.join("+", classes) + "/" + owner;
    }
}
