package dev.heaptriage.load;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads an HPROF file front to back in big-endian units through one large buffer, and skips bodies by moving its
 * position (a skip past the buffer costs no read). Decoding is by hand from the buffer's array: the validating pass
 * reads tens of millions of sub-record headers, and this is what keeps it close to the speed of reading the file.
 */
final class RecordReader {
    private static final int BUFFER = 4 << 20;

    private final FileChannel channel;
    private final long size;
    private final int idSize;
    private final byte[] buf = new byte[BUFFER];
    private final ByteBuffer wrapped = ByteBuffer.wrap(buf);
    /** File offset of {@code buf[0]}. */
    private long bufStart;
    private int bufLength;
    private int at;

    RecordReader(FileChannel channel, long start, int idSize) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.idSize = idSize;
        this.bufStart = start;
    }

    long size() {
        return size;
    }

    int idSize() {
        return idSize;
    }

    /** The file offset of the next byte to read. */
    long position() {
        return bufStart + at;
    }

    /** Makes at least {@code n} bytes (at most the buffer's size) readable from the buffer; EOF if the file ends. */
    private void need(int n) throws IOException {
        if (bufLength - at >= n) {
            return;
        }
        long pos = position();
        if (pos + n > size) {
            throw new EOFException();
        }
        int keep = bufLength - at;
        System.arraycopy(buf, at, buf, 0, Math.max(keep, 0));
        bufStart = pos;
        at = 0;
        bufLength = Math.max(keep, 0);
        wrapped.clear().position(bufLength);
        while (bufLength < n) {
            int r = channel.read(wrapped, bufStart + bufLength);
            if (r < 0) {
                throw new EOFException();
            }
            bufLength += r;
        }
    }

    int u1() throws IOException {
        need(1);
        return buf[at++] & 0xff;
    }

    int u2() throws IOException {
        need(2);
        int v = (buf[at] & 0xff) << 8 | buf[at + 1] & 0xff;
        at += 2;
        return v;
    }

    /** An unsigned 4-byte value. */
    long u4() throws IOException {
        need(4);
        long v = (long) (buf[at] & 0xff) << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8
                | buf[at + 3] & 0xff;
        at += 4;
        return v;
    }

    /** An identifier of the dump's size, unsigned. */
    long id() throws IOException {
        if (idSize == 4) {
            return u4();
        }
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | buf[at + i] & 0xff;
        }
        at += 8;
        return v;
    }

    /** Moves the position {@code n} bytes on; the caller has checked that the file has them. */
    void skip(long n) {
        seek(position() + n);
    }

    /** Moves to file offset {@code offset}. */
    void seek(long offset) {
        if (offset >= bufStart && offset <= bufStart + bufLength) {
            at = (int) (offset - bufStart);
        } else {
            bufStart = offset;
            bufLength = 0;
            at = 0;
        }
    }
}
