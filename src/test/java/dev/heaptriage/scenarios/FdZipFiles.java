package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Unclosed zip and jar files. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #ZIPS}: {@value #ZIP_COUNT} ZipFiles on distinct archives: count {@value #ZIP_COUNT}, low.</li>
 *   <li>{@link #JARS}: {@value #JAR_COUNT} JarFiles on distinct archives: count {@value #JAR_COUNT}, low.</li>
 *   <li>{@link #SAME}: one archive opened {@value #SAME_OPENS} times. The JDK shares one open file among ZipFiles
 *       of the same path (9+: {@code ZipFile$Source}, 8: the native {@code jzfile}), so this is <b>one</b>
 *       descriptor: count 1, info.</li>
 *   <li>{@value #CLOSED} ZipFiles were closed but stay in {@link #CLOSED_ZIPS}: nothing.</li>
 * </ul>
 */
public final class FdZipFiles {
    public static final int ZIP_COUNT = 12;
    public static final int JAR_COUNT = 6;
    public static final int SAME_OPENS = 5;
    public static final int CLOSED = 4;

    static final List<ZipFile> ZIPS = new ArrayList<>();
    static final List<JarFile> JARS = new ArrayList<>();
    static final List<ZipFile> SAME = new ArrayList<>();
    static final List<ZipFile> CLOSED_ZIPS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-zips");
        for (int i = 0; i < ZIP_COUNT; i++) {
            ZipFile z = new ZipFile(FdTemp.zip(dir, "archive-" + i + ".zip").toFile());
            z.getEntry("entry.txt");
            ZIPS.add(z);
        }
        for (int i = 0; i < JAR_COUNT; i++) {
            JARS.add(new JarFile(FdTemp.zip(dir, "plugin-" + i + ".jar").toFile()));
        }
        Path shared = FdTemp.zip(dir, "shared.zip");
        for (int i = 0; i < SAME_OPENS; i++) {
            SAME.add(new ZipFile(shared.toFile()));
        }
        for (int i = 0; i < CLOSED; i++) {
            ZipFile z = new ZipFile(FdTemp.zip(dir, "closed-" + i + ".zip").toFile());
            z.close();
            CLOSED_ZIPS.add(z);
        }
        Scenario.dump(args[0]);
    }
}
