package dev.heaptriage.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What heaptriage records about the decompressed copy of a compressed dump when it has written and synced it, and
 * checks before reusing it: the dump it came from (path, size, modification time), the copy's size, file key
 * (inode) and modification time, its HPROF header, and for a single-member gzip file the size its trailer gives.
 * A copy that was truncated, replaced or made from another dump does not verify and is made again.
 */
final class CopyRecord {
    private CopyRecord() {
    }

    static void write(IndexDirectory index, DumpFile dump, Path work, Path record, long size) throws IOException {
        BasicFileAttributes a = Files.readAttributes(work, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Map<String, String> fields = expected(index, dump);
        fields.put("size", String.valueOf(size));
        fields.put("file", String.valueOf(a.fileKey()));
        fields.put("mtime", String.valueOf(a.lastModifiedTime().toMillis()));
        long trailer = dump.compression() == Compression.GZIP ? WorkFile.gzipTrailerSize(dump.path()) : -1;
        // Only a single-member gzip file's trailer gives the whole size (modulo 4 GiB).
        fields.put("trailer", String.valueOf(trailer >= 0 && trailer == (size & 0xffffffffL) ? trailer : -1));
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        index.writeAtomically(record, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code work} is the intact copy the record describes, of this very dump. */
    static boolean verifies(IndexDirectory index, DumpFile dump, Path work, Path record) {
        try {
            Optional<byte[]> bytes = index.read(record, 64 * 1024);
            if (bytes.isEmpty() || !Files.isRegularFile(work, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Map<String, String> have = parse(new String(bytes.get(), StandardCharsets.UTF_8));
            for (Map.Entry<String, String> e : expected(index, dump).entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
            BasicFileAttributes a = Files.readAttributes(work, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!String.valueOf(a.size()).equals(have.get("size"))
                    || !String.valueOf(a.fileKey()).equals(have.get("file"))
                    || !String.valueOf(a.lastModifiedTime().toMillis()).equals(have.get("mtime"))) {
                return false;
            }
            long trailer = Long.parseLong(Objects.requireNonNullElse(have.get("trailer"), "-1"));
            if (trailer >= 0 && (WorkFile.gzipTrailerSize(dump.path()) != trailer
                    || (a.size() & 0xffffffffL) != trailer)) {
                return false;
            }
            HprofHeader h;
            try (InputStream in = Files.newInputStream(work, LinkOption.NOFOLLOW_LINKS)) {
                h = HprofHeader.read(in, "'" + work + "'");
            }
            return h.format().equals(dump.format()) && h.identifierSize() == dump.identifierSize()
                    && Objects.equals(h.createdAt(), dump.createdAt());
        } catch (IOException | DumpException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, String> expected(IndexDirectory index, DumpFile dump) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", "1");
        m.put("dump", index.dumpKey());
        m.put("compression", dump.compression().name());
        return m;
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }
}
