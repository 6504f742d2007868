package dev.heaptriage.heap;

import java.time.Instant;

/**
 * Facts about a dump. {@code objects} and {@code usedHeapBytes} count the objects the view holds: plain garbage is
 * left out, objects that only the finalizer or a cleaner holds are in. Sizes follow {@code objectLayout}.
 */
public record DumpFacts(String path, long sizeBytes, String format, int identifierSize, Instant createdAt,
                        long objects, long classes, long gcRoots, long usedHeapBytes,
                        ObjectLayoutFacts objectLayout) {
}
