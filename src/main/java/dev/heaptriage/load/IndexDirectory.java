package dev.heaptriage.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where heaptriage keeps what it derives from one dump: MAT's index files while a dump is open, a decompressed
 * copy of a {@code .gz}, and the analysis cache. Never beside the dump unless the user asks with
 * {@code --index-dir}. The directory remembers the dump's identity (canonical path, size, modification time) and
 * is emptied of our files when the dump changes.
 */
public final class IndexDirectory {
    static final String IDENTITY_FILE = "dump.identity";

    private final Path dir;
    private final String identity;

    private IndexDirectory(Path dir, String identity) {
        this.dir = dir;
        this.identity = identity;
    }

    /**
     * The default base folder: the system property {@code heaptriage.cacheHome} if set, else
     * {@code $XDG_CACHE_HOME/heaptriage}, else {@code ~/.cache/heaptriage}.
     */
    public static Path defaultBase() {
        String override = System.getProperty("heaptriage.cacheHome");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("heaptriage");
    }

    /**
     * Opens (creating it if needed) the index directory of {@code dump}: {@code explicit} as given, or a per-dump
     * folder under {@link #defaultBase()} named after the file and a hash of its canonical path.
     */
    public static IndexDirectory of(Path dump, Path explicit) throws IOException {
        Path real = dump.toRealPath();
        String identity = real + "\n" + Files.size(real) + "\n" + Files.getLastModifiedTime(real).toMillis() + "\n";
        Path dir = explicit != null ? explicit
                : defaultBase().resolve(safeName(real.getFileName().toString()) + "-" + sha256(real.toString()).substring(0, 12));
        Files.createDirectories(dir);
        IndexDirectory d = new IndexDirectory(dir.toAbsolutePath(), identity);
        d.checkIdentity();
        return d;
    }

    public Path path() {
        return dir;
    }

    /** A stable key for this exact dump content (path, size, modification time). */
    public String dumpKey() {
        return sha256(identity);
    }

    /**
     * The analysis cache entry for this dump, tool version and detector set. Options that only filter or format
     * the report ({@code -f}, {@code --min-severity}, {@code --fail-on}, {@code --redact}, {@code --max-evidence})
     * are not part of the key, so changing them never re-parses.
     */
    public Path analysisCacheFile(String toolVersion, java.util.List<String> detectorIds) {
        java.util.List<String> ids = new java.util.ArrayList<>(detectorIds);
        java.util.Collections.sort(ids);
        return dir.resolve("analysis-" + sha256(dumpKey() + "\n" + toolVersion + "\n" + String.join(",", ids))
                .substring(0, 16) + ".json");
    }

    /** Removes our derived files when they were made from another version of the dump. */
    private void checkIdentity() throws IOException {
        Path id = dir.resolve(IDENTITY_FILE);
        if (Files.exists(id) && Files.readString(id, StandardCharsets.UTF_8).equals(identity)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (isOurs(n)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.writeString(id, identity, StandardCharsets.UTF_8);
    }

    /** Only files heaptriage itself writes; a user's --index-dir may hold other things, which we never touch. */
    static boolean isOurs(String name) {
        return name.startsWith(DumpLoader.WORK_PREFIX) || name.startsWith("analysis-") || name.equals(IDENTITY_FILE);
    }

    private static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
