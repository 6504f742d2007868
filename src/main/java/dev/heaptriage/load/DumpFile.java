package dev.heaptriage.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A dump file the user named, checked without parsing it: it exists, is a readable regular file, is not empty,
 * and starts with a supported HPROF header (read through gzip when the file is gzip-compressed, whatever its name).
 *
 * @param path         the path as the user gave it
 * @param sizeBytes    the file's size on disk (compressed size for gzip)
 * @param gzip         true when the file is gzip-compressed
 * @param format       e.g. {@code JAVA PROFILE 1.0.2}
 */
public record DumpFile(Path path, long sizeBytes, boolean gzip, String format, int identifierSize,
                       Instant createdAt) {

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
            boolean gzip;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
                raw.mark(2);
                gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                if (gzip) {
                    header = readGzipHeader(raw, what);
                } else {
                    header = HprofHeader.read(raw, what);
                }
            }
            return new DumpFile(path, size, gzip, header.format(), header.identifierSize(), header.createdAt());
        } catch (AccessDeniedException e) {
            throw new DumpException("cannot read " + what + ": permission denied");
        } catch (NoSuchFileException e) {
            throw new DumpException("no such file " + what + "; it disappeared while being read");
        } catch (IOException e) {
            throw new DumpException("cannot read " + what + ": " + e.getMessage());
        }
    }

    private static HprofHeader readGzipHeader(InputStream raw, String what) throws IOException, DumpException {
        try {
            GZIPInputStream gz = new GZIPInputStream(raw, 1 << 16);
            byte[] head = gz.readNBytes(64);
            if (head.length == 0) {
                throw new DumpException("gzip file " + what + " is empty inside; expected a compressed HPROF heap dump");
            }
            try {
                return HprofHeader.read(new java.io.ByteArrayInputStream(head), what + " (inside gzip)");
            } catch (DumpException e) {
                if (e.getMessage().startsWith("not an HPROF heap dump")) {
                    throw new DumpException("gzip file " + what + " does not contain an HPROF heap dump: expected the "
                            + "header 'JAVA PROFILE 1.0.2' but found " + HprofHeader.describeStart(head));
                }
                throw e;
            }
        } catch (EOFException | ZipException e) {
            throw new DumpException("truncated or corrupt gzip file " + what + ": " + (e.getMessage() == null
                    ? "unexpected end of data" : e.getMessage()));
        }
    }
}
