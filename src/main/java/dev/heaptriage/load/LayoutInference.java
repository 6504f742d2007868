package dev.heaptriage.load;

import java.util.List;
import java.util.Locale;

/**
 * Finds the object layout of the JVM that wrote a dump. HPROF does not record it, but HotSpot writes each object's
 * real address, and in the heap most objects sit right after one another: the gap between an object's address and
 * the next one is its size. So every candidate layout ({@link ObjectLayout#candidates()}) computes the size of each
 * sampled object, and the one whose sizes equal the most gaps wins. A gap a layout cannot explain is an object
 * that was left out (garbage MAT dropped, the end of a heap region or TLAB); a wrong layout misses most gaps, since
 * a size that is off by four or eight bytes is off for nearly every object.
 *
 * <p>Class mirrors ({@code java.lang.Class} objects) are sized as the JVM's own {@code java.lang.Class} instance
 * plus the class's static fields. HotSpot adds hidden fields to {@code java.lang.Class} that the dump does not
 * list, so the instance part is read off the gaps of the mirrors themselves (their most common size less their
 * statics).
 *
 * <p>The sample is a fixed set of windows of consecutive ids (ids follow addresses), so the same dump always gives
 * the same answer, at a cost independent of the dump's size.
 */
final class LayoutInference {
    /** A layout must explain at least this share of the sampled gaps to be trusted. */
    static final double MIN_SHARE = 0.5;
    private static final int WINDOWS = 64;
    private static final int WINDOW_IDS = 8192;
    /** Addresses below this are MAT's own placeholders (the pseudo class loader at 0), not heap objects. */
    static final long PSEUDO_ADDRESS_LIMIT = 4096;

    private LayoutInference() {
    }

    /** The chosen layout and its evidence; {@code layout} is null when MAT's model stays (see {@code warning}). */
    record Result(ObjectLayout layout, int mirrorBaseBytes, long gapsSampled, long gapsExplained, String warning) {
        double share() {
            return gapsSampled == 0 ? 0 : (double) gapsExplained / gapsSampled;
        }
    }

    /**
     * The layout whose sizes explain the most gaps between neighbouring object addresses, among those a JVM writing
     * {@code identifierSize}-byte identifiers can have ({@link ObjectLayout#candidates(int)}).
     */
    static Result infer(DumpRecords records, ClassShapes shapes, int identifierSize) {
        Sample sample = Sample.take(records, shapes);
        if (sample.gaps == 0) {
            return fallback(identifierSize, 0, 0, "the dump has too few objects to tell");
        }
        ObjectLayout best = null;
        long bestMatches = -1;
        for (ObjectLayout layout : ObjectLayout.candidates(identifierSize)) {
            long matches = sample.matches(layout, shapes);
            if (matches > bestMatches) {
                best = layout;
                bestMatches = matches;
            }
        }
        if (bestMatches < MIN_SHARE * sample.gaps) {
            return fallback(identifierSize, sample.gaps, bestMatches, String.format(Locale.ROOT,
                    "no HotSpot object layout explains most gaps between object addresses (at best %.0f%% of %,d)",
                    100.0 * bestMatches / sample.gaps, sample.gaps));
        }
        return new Result(best, mirrorBase(records, shapes, best), sample.gaps, bestMatches, null);
    }

    private static Result fallback(int identifierSize, long gaps, long matches, String why) {
        String what = identifierSize == 8 ? "which overstates a typical 64-bit heap by 15-25%"
                : "which is a 32-bit JVM's and understates the heap of a 64-bit JVM that wrote 4-byte identifiers (as "
                + "the JDK 6 hprof agent did)";
        return new Result(null, 0, gaps, matches, "sizes follow " + matModel(identifierSize) + ", " + what + ": " + why);
    }

    /** MAT's own model in words: headers of two identifiers, arrays of two identifiers and a length. */
    static String matModel(int identifierSize) {
        return "MAT's object model (" + 2 * identifierSize + "-byte headers, " + (2 * identifierSize + 4)
                + "-byte array headers, " + identifierSize + "-byte references)";
    }

    /**
     * The size of the JVM's {@code java.lang.Class} instance part of a mirror: the most common gap after a mirror
     * less its static fields, over every class. Falls back to the fields the dump lists when no mirror has a
     * plausible neighbour.
     */
    private static int mirrorBase(DumpRecords records, ClassShapes shapes, ObjectLayout layout) {
        IntLongMap votes = new IntLongMap(64);
        int n = records.objects();
        int bestBase = -1;
        long bestVotes = 0;
        for (int s = 0; s < shapes.count(); s++) {
            int id = shapes.classId(s);
            if (id + 1 >= n || records.address(id) < PSEUDO_ADDRESS_LIMIT) {
                continue;
            }
            long base = records.address(id + 1) - records.address(id) - shapes.staticBytes(s, layout);
            if (base < layout.headerBytes() || base > 1024 || base % 8 != 0) {
                continue;
            }
            long v = votes.get((int) base, 0) + 1;
            votes.put((int) base, v);
            if (v > bestVotes || (v == bestVotes && base < bestBase)) {
                bestVotes = v;
                bestBase = (int) base;
            }
        }
        if (bestBase < 0) {
            int javaLangClass = shapes.indexOf(shapes.javaLangClassId());
            return javaLangClass < 0 ? ObjectLayout.align(layout.headerBytes(), 8)
                    : shapes.instanceBytes(javaLangClass, layout);
        }
        return bestBase;
    }

    /** The sampled objects that are followed by another object: what each needs to be sized, and the gap. */
    private static final class Sample {
        long gaps;
        int[] shape = new int[1024];
        int[] length = new int[1024];
        long[] gap = new long[1024];

        static Sample take(DumpRecords records, ClassShapes shapes) {
            Sample s = new Sample();
            int n = records.objects();
            if (n <= 2 * WINDOWS * WINDOW_IDS) {
                s.window(records, shapes, 0, n);
            } else {
                for (int w = 0; w < WINDOWS; w++) {
                    int start = (int) ((long) w * (n - WINDOW_IDS) / (WINDOWS - 1));
                    s.window(records, shapes, start, start + WINDOW_IDS);
                }
            }
            return s;
        }

        private void window(DumpRecords records, ClassShapes shapes, int from, int to) {
            long next = records.address(from);
            for (int id = from; id < to - 1; id++) {
                long address = next;
                next = records.address(id + 1);
                if (address < PSEUDO_ADDRESS_LIMIT || shapes.indexOf(id) >= 0) {
                    continue; // MAT's placeholder, or a class mirror (sized apart, see mirrorBase)
                }
                int objectShape = shapes.indexOf(records.classId(id));
                if (objectShape < 0) {
                    continue;
                }
                add(objectShape, shapes.kind(objectShape) == ClassShapes.INSTANCE ? 0 : records.arrayLength(id),
                        next - address);
            }
        }

        private void add(int objectShape, int arrayLength, long g) {
            int i = (int) gaps;
            if (i == shape.length) {
                shape = java.util.Arrays.copyOf(shape, i * 2);
                length = java.util.Arrays.copyOf(length, i * 2);
                gap = java.util.Arrays.copyOf(gap, i * 2);
            }
            shape[i] = objectShape;
            length[i] = arrayLength;
            gap[i] = g;
            gaps++;
        }

        long matches(ObjectLayout layout, ClassShapes shapes) {
            long matches = 0;
            int[] instanceBytes = new int[shapes.count()];
            for (int i = 0; i < gaps; i++) {
                int s = shape[i];
                long size;
                if (shapes.kind(s) == ClassShapes.INSTANCE) {
                    if (instanceBytes[s] == 0) {
                        instanceBytes[s] = shapes.instanceBytes(s, layout);
                    }
                    size = instanceBytes[s];
                } else {
                    size = layout.arrayBytes(length[i], shapes.elementBytes(s, layout));
                }
                if (size == gap[i]) {
                    matches++;
                }
            }
            return matches;
        }
    }
}
