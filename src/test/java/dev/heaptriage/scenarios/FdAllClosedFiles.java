package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Near-miss for {@code unclosed-fd}: the work of {@link FdFileStreams}, {@link FdSamePathMany},
 * {@link FdRandomAccess}, {@link FdChannels} (files and pipes) and {@link FdZipFiles}, with every resource closed
 * and then kept reachable from {@link #CLOSED}, so the detector must read each one's closed state. Also a plugin
 * {@link URLClassLoader} over a jar it has read a resource from, kept in {@link #PLUGINS}: class loading keeps that
 * jar open on purpose (JDK housekeeping, like the class path's jars). What to observe: no {@code unclosed-fd}
 * finding at {@code low} or above (and none at all).
 */
public final class FdAllClosedFiles {
    static final List<Object> CLOSED = new ArrayList<>();
    static final List<URLClassLoader> PLUGINS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-all-closed-files");
        Path same = FdTemp.file(dir, "same.dat", 16);
        for (int i = 0; i < 60; i++) {
            try (FileInputStream in = new FileInputStream(FdTemp.file(dir, "in-" + i + ".dat", 16).toFile());
                 FileInputStream again = new FileInputStream(same.toFile())) {
                in.read();
                again.getChannel().size();
                CLOSED.add(in);
                CLOSED.add(again);
            }
        }
        for (int i = 0; i < 15; i++) {
            try (FileOutputStream out = new FileOutputStream(FdTemp.file(dir, "out-" + i + ".dat", 0).toFile())) {
                out.write(1);
                CLOSED.add(out);
            }
        }
        for (int i = 0; i < 30; i++) {
            try (RandomAccessFile raf = new RandomAccessFile(FdTemp.file(dir, "seg-" + i + ".idx", 64).toFile(), "rw")) {
                raf.getChannel().size();
                CLOSED.add(raf);
            }
        }
        for (int i = 0; i < 25; i++) {
            try (FileChannel c = FileChannel.open(FdTemp.file(dir, "chan-" + i + ".dat", 32), StandardOpenOption.READ)) {
                c.size();
                CLOSED.add(c);
            }
        }
        for (int i = 0; i < 3; i++) {
            Pipe p = Pipe.open();
            p.source().close();
            p.sink().close();
            CLOSED.add(p);
        }
        for (int i = 0; i < 12; i++) {
            try (ZipFile z = new ZipFile(FdTemp.zip(dir, "archive-" + i + ".zip").toFile());
                 JarFile j = new JarFile(FdTemp.zip(dir, "plugin-" + i + ".jar").toFile())) {
                z.getEntry("entry.txt");
                j.getManifest();
                CLOSED.add(z);
                CLOSED.add(j);
            }
        }
        URLClassLoader plugin = new URLClassLoader(new URL[] {FdTemp.zip(dir, "plugin-loader.jar").toUri().toURL()},
                null);
        try (InputStream in = plugin.getResourceAsStream("entry.txt")) {
            in.readAllBytes(); // opens the jar in the loader's class path and in the jar: URL cache
        }
        PLUGINS.add(plugin);
        Scenario.dump(args[0]);
    }
}
