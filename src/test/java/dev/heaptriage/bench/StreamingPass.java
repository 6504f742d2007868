package dev.heaptriage.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's floor: one sequential pass over every HPROF record and heap sub-record, decoding each object's
 * header and skipping its body, as the cheapest possible analysis must at least read the file. Prints the counts so
 * the work cannot be optimised away. Usage: {@code StreamingPass <dump.hprof>}.
 */
public final class StreamingPass {
    private static int idSize;

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        long[] counts = new long[4]; // instances, object arrays, primitive arrays, classes
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(Path.of(args[0])),
                1 << 20))) {
            while (in.readByte() != 0) {
                // the NUL-terminated format string
            }
            idSize = in.readInt();
            in.readLong();
            while (true) {
                int tag;
                try {
                    tag = in.readUnsignedByte();
                } catch (EOFException e) {
                    break;
                }
                in.readInt();
                long length = Integer.toUnsignedLong(in.readInt());
                if (tag == 0x0C || tag == 0x1C) {
                    heap(in, length, counts);
                } else {
                    in.skipNBytes(length);
                }
            }
        }
        System.out.printf("instances %d objectArrays %d primitiveArrays %d classes %d in %d ms%n", counts[0], counts[1],
                counts[2], counts[3], (System.nanoTime() - start) / 1_000_000);
    }

    private static void heap(DataInputStream in, long length, long[] counts) throws IOException {
        long end = length;
        long read = 0;
        while (read < end) {
            int sub = in.readUnsignedByte();
            read += 1;
            switch (sub) {
                case 0xFF, 0x05, 0x07 -> read += skip(in, idSize);
                case 0x01 -> read += skip(in, 2L * idSize);
                case 0x02, 0x03, 0x08 -> read += skip(in, idSize + 8L);
                case 0x04, 0x06 -> read += skip(in, idSize + 4L);
                case 0x20 -> {
                    read += classDump(in);
                    counts[3]++;
                }
                case 0x21 -> {
                    in.skipNBytes(idSize + 4L + idSize);
                    int bytes = in.readInt();
                    in.skipNBytes(bytes);
                    read += 2L * idSize + 8 + bytes;
                    counts[0]++;
                }
                case 0x22 -> {
                    in.skipNBytes(idSize + 4L);
                    int n = in.readInt();
                    in.skipNBytes(idSize + (long) n * idSize);
                    read += 2L * idSize + 8 + (long) n * idSize;
                    counts[1]++;
                }
                case 0x23 -> {
                    in.skipNBytes(idSize + 4L);
                    int n = in.readInt();
                    int type = in.readUnsignedByte();
                    long bytes = (long) n * size(type);
                    in.skipNBytes(bytes);
                    read += idSize + 9L + bytes;
                    counts[2]++;
                }
                default -> throw new IOException("unknown heap sub-record 0x" + Integer.toHexString(sub));
            }
        }
    }

    private static long classDump(DataInputStream in) throws IOException {
        long read = 0;
        read += skip(in, idSize + 4L + 6L * idSize + 4);
        int cp = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < cp; i++) {
            in.skipNBytes(2);
            int type = in.readUnsignedByte();
            read += 3 + skip(in, size(type));
        }
        int statics = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < statics; i++) {
            in.skipNBytes(idSize);
            int type = in.readUnsignedByte();
            read += idSize + 1 + skip(in, size(type));
        }
        int fields = in.readUnsignedShort();
        read += 2 + skip(in, fields * (idSize + 1L));
        return read;
    }

    private static long skip(DataInputStream in, long n) throws IOException {
        in.skipNBytes(n);
        return n;
    }

    private static int size(int type) {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IllegalArgumentException("unknown basic type " + type);
        };
    }
}
