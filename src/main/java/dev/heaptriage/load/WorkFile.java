package dev.heaptriage.load;

import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The file MAT parses, inside the index folder: a symbolic link to the user's dump, or a decompressed copy of a
 * compressed one, written to a new {@code 0600} file, synced and renamed into place, and reused only while it
 * verifies ({@link CopyRecord}).
 */
final class WorkFile {
    static final String WORK_DUMP = DumpLoader.WORK_PREFIX + ".hprof";
    private static final String PARTIAL = DumpLoader.WORK_PREFIX + ".partial";
    /** What was recorded about a decompressed copy when it was made, so a later run can verify it. */
    static final String COPY_RECORD = DumpLoader.WORK_PREFIX + ".copy";

    private WorkFile() {
    }

    /**
     * The file MAT parses, inside the index folder: a symbolic link to the user's dump, or a decompressed copy of
     * a compressed dump. A copy is reused only when it verifies against what was recorded when it was made.
     */
    static Path prepare(DumpFile dump, IndexDirectory index, LoadShares progress, boolean rebuild)
            throws IOException, DumpException, ResourceException {
        Path work = index.path().resolve(WORK_DUMP);
        Path complete = index.path().resolve(COPY_RECORD);
        Path real = dump.path().toRealPath();
        if (real.getParent() != null && real.getParent().equals(index.path().toRealPath())) {
            throw new DumpException("refusing to analyse '" + dump.path() + "': it is inside heaptriage's own index "
                    + "folder, whose files heaptriage replaces; copy the dump elsewhere");
        }
        if (!dump.compressed()) {
            Files.deleteIfExists(work);
            Files.deleteIfExists(complete);
            try {
                Files.createSymbolicLink(work, real);
            } catch (UnsupportedOperationException | IOException e) {
                // A file system without symbolic links: MAT still needs its index beside the file it reads.
                checkDisk(index.path(), dump.sizeBytes() * 2);
                writeCopy(Files.newInputStream(real), work.resolveSibling(PARTIAL), work, dump, Compression.NONE);
            }
            return work;
        }
        if (!rebuild && CopyRecord.verifies(index, dump, work, complete)) {
            return work;
        }
        Files.deleteIfExists(complete);
        Files.deleteIfExists(work);
        long expected = dump.compression() == Compression.GZIP ? gzipSizeHint(real) : dump.sizeBytes();
        checkDisk(index.path(), expected * 2);
        progress.prepare("decompressing", LoadShares.decompressShare(dump.compression()));
        long size = writeCopy(progress.counting(Files.newInputStream(real), dump.sizeBytes()),
                index.path().resolve(PARTIAL), work, dump, dump.compression());
        progress.prepared();
        CopyRecord.write(index, dump, work, complete, size);
        return work;
    }

    /**
     * Decompresses (or copies) {@code source} into {@code partial}, a new {@code 0600} file, syncs it and renames
     * it to {@code work}. A decoding error is the dump's fault (exit 3); a writing error is the disk's.
     */
    private static long writeCopy(InputStream source, Path partial, Path work, DumpFile dump, Compression compression)
            throws IOException, DumpException {
        String what = "'" + dump.path() + "'";
        Files.deleteIfExists(partial); // left by a killed run; we hold the folder's lock
        long total = 0;
        try (InputStream raw = source; FileChannel out = IndexDirectory.createFile(partial)) {
            InputStream in = compression.open(raw, what);
            byte[] buf = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (compression == Compression.NONE) {
                        throw e;
                    }
                    throw new DumpException("truncated or corrupt " + compression.label + " file " + what + ": "
                            + (e.getMessage() == null ? "unexpected end of data" : e.getMessage()));
                } catch (LinkageError e) {
                    throw new DumpException("cannot decompress the " + compression.label + " file " + what
                            + " on this machine (its decoder would not load: " + e + "); unpack it with '"
                            + compression.unpack + "' and analyse the .hprof");
                }
                if (n < 0) {
                    break;
                }
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                total += n;
            }
            out.force(true);
        } catch (IOException | DumpException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, work, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(work.getParent());
        return total;
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can sync a directory; the file itself is synced
        }
    }

    /** The uncompressed size a gzip trailer records (modulo 4 GiB), at least the compressed size. */
    static long gzipSizeHint(Path gz) throws IOException {
        return Math.max(Files.size(gz), gzipTrailerSize(gz));
    }

    /** ISIZE, the last four bytes of a gzip file: the last member's uncompressed size modulo 4 GiB. */
    static long gzipTrailerSize(Path gz) throws IOException {
        try (FileChannel ch = FileChannel.open(gz, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4) {
                return -1;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, size - 4);
            return Integer.toUnsignedLong(b.getInt(0));
        }
    }

    /** MAT's index files take up to about the dump's size; fail early rather than with a half-written index. */
    static void checkDisk(Path dir, long needBytes) throws IOException, ResourceException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < needBytes) {
            throw new ResourceException(String.format(Locale.ROOT,
                    "not enough disk space in %s: analysing this dump needs about %s for index files, %s is free; "
                            + "free some space or pass --index-dir on a larger disk",
                    Messages.quote(dir), Units.bytes(needBytes), Units.bytes(free)));
        }
    }
}
