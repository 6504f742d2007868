package dev.heaptriage.load;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * How a dump file is compressed, recognised by its magic bytes whatever its name. gzip is read with the JDK's own
 * decoder, bzip2, xz and zstd with Apache Commons Compress (zstd through zstd-jni's native decoder). Every decoder
 * reads concatenated streams, as {@code cat a.gz b.gz} or parallel compressors write them.
 */
public enum Compression {
    NONE("", ""),
    GZIP("gzip", "gunzip -k FILE"),
    BZIP2("bzip2", "bunzip2 -k FILE"),
    XZ("xz", "unxz -k FILE"),
    ZSTD("zstd", "zstd -d FILE");

    /** Bytes {@link #sniff} needs. */
    static final int MAGIC_BYTES = 6;

    /** The format's name in messages. */
    public final String label;
    /** The command that unpacks it, for messages. */
    final String unpack;

    Compression(String label, String unpack) {
        this.label = label;
        this.unpack = unpack;
    }

    /** The compression whose magic {@code head} starts with; {@link #NONE} for anything else. */
    static Compression sniff(byte[] head) {
        if (starts(head, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (starts(head, 'B', 'Z', 'h') && head.length > 3 && head[3] >= '1' && head[3] <= '9') {
            return BZIP2;
        }
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (starts(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        return NONE;
    }

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The decompressed contents of {@code raw}. A decoder that cannot be loaded on this machine (zstd's native
     * library on an unusual platform) becomes a {@link DumpException} that names the command to unpack it with.
     */
    InputStream open(InputStream raw, String what) throws IOException, DumpException {
        try {
            return switch (this) {
                case NONE -> raw;
                case GZIP -> new GZIPInputStream(raw, 1 << 16);
                case BZIP2 -> new BZip2CompressorInputStream(raw, true);
                case XZ -> new XZCompressorInputStream(raw, true);
                case ZSTD -> new ZstdCompressorInputStream(raw);
            };
        } catch (LinkageError e) {
            throw new DumpException("cannot decompress the " + label + " file " + what + " on this machine (its "
                    + "decoder would not load: " + e.getMessage() + "); unpack it with '" + unpack + "' and analyse "
                    + "the .hprof");
        }
    }
}
