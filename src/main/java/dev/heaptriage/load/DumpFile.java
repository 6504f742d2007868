package dev.heaptriage.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A dump file the user named, checked without parsing it: it exists, is a readable regular file, is not empty,
 * and starts with a supported HPROF header (read through the decompressor when the file is gzip, bzip2, xz or
 * zstd compressed, whatever its name).
 *
 * @param path         the path as the user gave it
 * @param sizeBytes    the file's size on disk (the compressed size for a compressed dump)
 * @param compression  how the file is compressed, {@link Compression#NONE} for a plain HPROF file
 * @param format       e.g. {@code JAVA PROFILE 1.0.2}
 */
public record DumpFile(Path path, long sizeBytes, Compression compression, String format, int identifierSize,
                       Instant createdAt) {

    /** True for a compressed dump, which is analysed through a decompressed copy. */
    public boolean compressed() {
        return compression != Compression.NONE;
    }

    /** Checks the file; every failure is a {@link DumpException} with one clear sentence. */
    public static DumpFile check(Path path) throws DumpException {
        String what = "'" + path + "'";
        if (!Files.exists(path)) {
            throw new DumpException("no such file " + what + "; expected the path of an .hprof or .hprof.gz heap dump");
        }
        if (Files.isDirectory(path)) {
            throw new DumpException("is a directory " + what + "; expected the path of an .hprof or .hprof.gz heap dump");
        }
        if (!Files.isRegularFile(path)) {
            throw new DumpException("not a regular file " + what + "; expected an .hprof or .hprof.gz heap dump");
        }
        if (!Files.isReadable(path)) {
            throw new DumpException("cannot read " + what + ": permission denied");
        }
        try {
            long size = Files.size(path);
            if (size == 0) {
                throw new DumpException("file is empty " + what + "; expected an HPROF heap dump");
            }
            HprofHeader header;
            Compression compression;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
                raw.mark(Compression.MAGIC_BYTES);
                compression = Compression.sniff(raw.readNBytes(Compression.MAGIC_BYTES));
                raw.reset();
                header = compression == Compression.NONE ? HprofHeader.read(raw, what)
                        : readCompressedHeader(raw, compression, what);
            }
            return new DumpFile(path, size, compression, header.format(), header.identifierSize(), header.createdAt());
        } catch (AccessDeniedException e) {
            throw new DumpException("cannot read " + what + ": permission denied");
        } catch (NoSuchFileException e) {
            throw new DumpException("no such file " + what + "; it disappeared while being read");
        } catch (IOException e) {
            throw new DumpException("cannot read " + what + ": " + Messages.reason(e));
        }
    }

    private static HprofHeader readCompressedHeader(InputStream raw, Compression compression, String what)
            throws IOException, DumpException {
        String kind = compression.label + " file ";
        byte[] head;
        try {
            head = compression.open(raw, what).readNBytes(64);
        } catch (IOException e) {
            throw new DumpException("truncated or corrupt " + kind + what + ": " + (e.getMessage() == null
                    ? "unexpected end of data" : e.getMessage()));
        } catch (LinkageError e) {
            throw new DumpException("cannot decompress the " + kind + what + " on this machine (its decoder would "
                    + "not load: " + e + "); unpack it with '" + compression.unpack + "' and analyse the .hprof");
        }
        if (head.length == 0) {
            throw new DumpException(kind + what + " is empty inside; expected a compressed HPROF heap dump");
        }
        try {
            return HprofHeader.read(new java.io.ByteArrayInputStream(head), what + " (inside " + compression.label + ")");
        } catch (DumpException e) {
            if (e.getMessage().startsWith("not an HPROF heap dump")) {
                throw new DumpException(kind + what + " does not contain an HPROF heap dump: expected the "
                        + "header 'JAVA PROFILE 1.0.2' but found " + HprofHeader.describeStart(head));
            }
            throw e;
        }
    }
}
