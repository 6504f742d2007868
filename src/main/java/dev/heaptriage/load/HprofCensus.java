package dev.heaptriage.load;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One sequential pass over every record and heap sub-record of an HPROF file that counts what MAT will have to index
 * (instances, object and primitive arrays, classes, GC roots), decoding each sub-record's header and skipping its
 * body. It reads the whole file, so it costs about what reading it costs (a few seconds per GB from the page cache):
 * the loader runs it only when the answer decides something, the memory a large dump needs.
 *
 * @param instances       INSTANCE DUMP sub-records
 * @param objectArrays    OBJECT ARRAY DUMP sub-records
 * @param primitiveArrays PRIMITIVE ARRAY DUMP sub-records
 * @param classes         CLASS DUMP sub-records
 * @param gcRoots         GC root sub-records
 */
public record HprofCensus(long instances, long objectArrays, long primitiveArrays, long classes, long gcRoots) {

    /** Every object MAT indexes: instances, arrays and class mirrors. */
    public long objects() {
        return instances + objectArrays + primitiveArrays + classes;
    }

    /** Counts the file's objects; the file must be an uncompressed HPROF dump. */
    public static HprofCensus of(Path file) throws IOException {
        return of(file, null);
    }

    /** {@link #of(Path)}, telling {@code shares} how far it has read (null: no one). */
    static HprofCensus of(Path file, LoadShares shares) throws IOException {
        long[] counts = new long[5];
        java.io.InputStream raw = Files.newInputStream(file);
        if (shares != null) {
            raw = shares.counting(raw, Files.size(file));
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            while (in.readByte() != 0) {
                // the NUL-terminated format string
            }
            int idSize = in.readInt();
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
                    heap(in, length, idSize, counts);
                } else {
                    in.skipNBytes(length);
                }
            }
        }
        return new HprofCensus(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private static void heap(DataInputStream in, long length, int idSize, long[] counts) throws IOException {
        long read = 0;
        while (read < length) {
            int sub = in.readUnsignedByte();
            read += 1;
            switch (sub) {
                case 0xFF, 0x05, 0x07 -> {
                    read += skip(in, idSize);
                    counts[4]++;
                }
                case 0x01 -> {
                    read += skip(in, 2L * idSize);
                    counts[4]++;
                }
                case 0x02, 0x03, 0x08 -> {
                    read += skip(in, idSize + 8L);
                    counts[4]++;
                }
                case 0x04, 0x06 -> {
                    read += skip(in, idSize + 4L);
                    counts[4]++;
                }
                case 0x20 -> {
                    read += classDump(in, idSize);
                    counts[3]++;
                }
                case 0x21 -> {
                    in.skipNBytes(idSize + 4L + idSize);
                    int bytes = in.readInt();
                    in.skipNBytes(Integer.toUnsignedLong(bytes));
                    read += 2L * idSize + 8 + Integer.toUnsignedLong(bytes);
                    counts[0]++;
                }
                case 0x22 -> {
                    in.skipNBytes(idSize + 4L);
                    long n = Integer.toUnsignedLong(in.readInt());
                    in.skipNBytes(idSize + n * idSize);
                    read += 2L * idSize + 8 + n * idSize;
                    counts[1]++;
                }
                case 0x23 -> {
                    in.skipNBytes(idSize + 4L);
                    long n = Integer.toUnsignedLong(in.readInt());
                    int type = in.readUnsignedByte();
                    long bytes = n * size(type, idSize);
                    in.skipNBytes(bytes);
                    read += idSize + 9L + bytes;
                    counts[2]++;
                }
                default -> throw new IOException("unknown heap sub-record 0x" + Integer.toHexString(sub));
            }
        }
    }

    private static long classDump(DataInputStream in, int idSize) throws IOException {
        long read = skip(in, idSize + 4L + 6L * idSize + 4);
        int constants = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < constants; i++) {
            in.skipNBytes(2);
            int type = in.readUnsignedByte();
            read += 3 + skip(in, size(type, idSize));
        }
        int statics = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < statics; i++) {
            in.skipNBytes(idSize);
            int type = in.readUnsignedByte();
            read += idSize + 1 + skip(in, size(type, idSize));
        }
        int fields = in.readUnsignedShort();
        return read + 2 + skip(in, fields * (idSize + 1L));
    }

    private static long skip(DataInputStream in, long n) throws IOException {
        in.skipNBytes(n);
        return n;
    }

    private static int size(int type, int idSize) throws IOException {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IOException("unknown basic type " + type);
        };
    }
}
