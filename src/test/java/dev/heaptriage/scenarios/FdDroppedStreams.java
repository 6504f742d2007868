package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.LineIterator;

/**
 * Descriptors whose owner the application dropped without {@code close()}, and NIO resources without a cleaner that
 * it holds and never closes; {@link FdDroppedStreamsDoneRight} does the same work and closes everything. Dumped after
 * a GC ({@code live=true}), so the dropped streams themselves are gone and only the JDK's pending cleanup objects tell
 * of their descriptors. The streams are dropped just before the dump, so the dump's own GC is the one that finds
 * them all and the counts are exact. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@value #LINES} {@code Files.lines}, {@value #INPUT_STREAMS} {@code Files.newInputStream} and
 *       {@value #READERS} {@code Files.newBufferedReader} results dropped: one group of file channels dropped without
 *       close(), count {@value #CHANNELS} (they all hold a {@code FileChannel} whose cleaner is pending).</li>
 *   <li>{@value #ZIP_STREAMS} {@code ZipInputStream}s and {@value #GZIP_STREAMS} {@code GZIPInputStream}s over a
 *       {@code FileInputStream}, and {@value #HELPER_ITERATORS} commons-io {@code FileUtils.lineIterator}s (a helper
 *       the detector was not tuned on), dropped: file streams dropped without close().</li>
 *   <li>{@value #ZIP_FILES} {@code ZipFile}s dropped: zip files dropped without close(), with their paths.</li>
 *   <li>{@link #DIRECTORIES}: {@value #DIRECTORY_STREAMS} {@code Files.newDirectoryStream} results and
 *       {@value #DIRECTORY_LISTS} {@code Files.list} streams held open.</li>
 *   <li>{@link #SELECTORS}: {@value #SELECTOR_COUNT} selectors opened and held, nobody selecting.</li>
 *   <li>{@link #ASYNC}: {@value #ASYNC_COUNT} asynchronous socket channels connected to {@link #ASYNC_SERVER}.</li>
 *   <li>{@link #PLUGINS}: {@value #PLUGIN_COUNT} plugins, each loaded by its own {@code URLClassLoader} from its own
 *       jar; the loaders are never closed, so each jar stays open.</li>
 *   <li>Silent: a {@code NativePRNG} {@code SecureRandom} in use ({@code /dev/random}, {@code /dev/urandom}), and a
 *       child process whose pipes are open while a thread waits for it.</li>
 * </ul>
 */
public final class FdDroppedStreams {
    public static final int LINES = 100;
    public static final int INPUT_STREAMS = 100;
    public static final int READERS = 100;
    public static final int CHANNELS = LINES + INPUT_STREAMS + READERS;
    public static final int ZIP_STREAMS = 100;
    public static final int GZIP_STREAMS = 100;
    public static final int HELPER_ITERATORS = 100;
    public static final int FILE_STREAMS = ZIP_STREAMS + GZIP_STREAMS;
    public static final int ZIP_FILES = 100;
    public static final int DIRECTORY_STREAMS = 30;
    public static final int DIRECTORY_LISTS = 30;
    public static final int SELECTOR_COUNT = 20;
    public static final int ASYNC_COUNT = 12;
    public static final int PLUGIN_COUNT = 12;

    static final List<Object> DIRECTORIES = new ArrayList<>();
    static final List<Selector> SELECTORS = new ArrayList<>();
    static final List<AsynchronousSocketChannel> ASYNC = new ArrayList<>();
    static AsynchronousServerSocketChannel ASYNC_SERVER;
    static final List<Runnable> PLUGINS = new ArrayList<>();
    static SecureRandom RANDOM;
    static Process CHILD;

    /** What the scenario holds until just before the dump, so that the dump's GC is the one that finds it dropped. */
    private static List<Object> dropped = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }

    static void run(String dump, boolean close) throws Exception {
        Path dir = FdTemp.dir(close ? "fd-closed-streams" : "fd-dropped-streams");
        Path text = FdTemp.file(dir, "lines.txt", 0);
        Files.writeString(text, "one\ntwo\nthree\n");
        for (int i = 0; i < LINES; i++) {
            Stream<String> lines = Files.lines(text);
            keep(lines, close);
        }
        for (int i = 0; i < INPUT_STREAMS; i++) {
            InputStream in = Files.newInputStream(text);
            in.read();
            keep(in, close);
        }
        for (int i = 0; i < READERS; i++) {
            BufferedReader r = Files.newBufferedReader(text);
            r.readLine();
            keep(r, close);
        }
        Path zip = FdTemp.zip(dir, "data.zip");
        for (int i = 0; i < ZIP_STREAMS; i++) {
            ZipInputStream z = new ZipInputStream(new FileInputStream(zip.toFile()));
            z.getNextEntry();
            keep(z, close);
        }
        Path gz = dir.resolve("data.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("compressed".getBytes(StandardCharsets.UTF_8));
        }
        gz.toFile().deleteOnExit();
        for (int i = 0; i < GZIP_STREAMS; i++) {
            GZIPInputStream g = new GZIPInputStream(new FileInputStream(gz.toFile()));
            g.read();
            keep(g, close);
        }
        for (int i = 0; i < HELPER_ITERATORS; i++) {
            LineIterator it = FileUtils.lineIterator(text.toFile(), "UTF-8");
            it.hasNext();
            keep(it, close);
        }
        for (int i = 0; i < ZIP_FILES; i++) {
            ZipFile z = new ZipFile(FdTemp.zip(dir, "archive-" + i + ".zip").toFile());
            z.getEntry("entry.txt");
            keep(z, close);
        }
        Path listed = Files.createDirectory(dir.resolve("listed"));
        listed.toFile().deleteOnExit();
        FdTemp.file(listed, "a.txt", 1);
        for (int i = 0; i < DIRECTORY_STREAMS; i++) {
            DirectoryStream<Path> ds = Files.newDirectoryStream(listed);
            ds.iterator().hasNext();
            hold(DIRECTORIES, ds, close);
        }
        for (int i = 0; i < DIRECTORY_LISTS; i++) {
            Stream<Path> list = Files.list(listed);
            hold(DIRECTORIES, list, close);
        }
        for (int i = 0; i < SELECTOR_COUNT; i++) {
            hold(SELECTORS, Selector.open(), close);
        }
        ASYNC_SERVER = AsynchronousServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        List<AsynchronousSocketChannel> accepted = new ArrayList<>();
        for (int i = 0; i < ASYNC_COUNT; i++) {
            AsynchronousSocketChannel c = AsynchronousSocketChannel.open();
            c.connect(ASYNC_SERVER.getLocalAddress()).get();
            accepted.add(ASYNC_SERVER.accept().get());
            hold(ASYNC, c, close);
        }
        for (AsynchronousSocketChannel a : accepted) {
            a.close(); // the server side is done with them either way
        }
        if (close) {
            ASYNC_SERVER.close();
        }
        byte[] plugin = pluginClass();
        for (int i = 0; i < PLUGIN_COUNT; i++) {
            Path jar = dir.resolve("plugin-" + i + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry(FdPlugin.class.getName().replace('.', '/') + ".class"));
                out.write(plugin);
                out.closeEntry();
            }
            jar.toFile().deleteOnExit();
            URLClassLoader loader = new URLClassLoader("plugin-" + i, new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Runnable p = (Runnable) loader.loadClass(FdPlugin.class.getName()).getDeclaredConstructor().newInstance();
            p.run();
            PLUGINS.add(p);
            if (close) {
                loader.close(); // the plugin keeps working with the classes it has loaded
            }
        }
        RANDOM = SecureRandom.getInstance("NativePRNG");
        RANDOM.nextBytes(new byte[16]);
        RANDOM.generateSeed(4);
        CHILD = new ProcessBuilder("sleep", "30").start();
        Thread waiter = new Thread(() -> {
            try {
                CHILD.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "child-waiter");
        waiter.setDaemon(true);
        waiter.start();
        Scenario.awaitBlocked(waiter);

        dropped = null; // dropped without close(): the dump's GC finds them
        Scenario.dumpLive(dump);
        CHILD.destroy();
        System.exit(0);
    }

    private static void keep(AutoCloseable resource, boolean close) throws Exception {
        if (close) {
            resource.close();
        } else {
            dropped.add(resource);
        }
    }

    private static void keep(LineIterator it, boolean close) throws Exception {
        if (close) {
            it.close();
        } else {
            dropped.add(it);
        }
    }

    private static <T extends AutoCloseable> void hold(List<? super T> holder, T resource, boolean close)
            throws Exception {
        if (close) {
            resource.close();
        } else {
            holder.add(resource);
        }
    }

    private static byte[] pluginClass() throws Exception {
        try (InputStream in = FdPlugin.class.getResourceAsStream(FdPlugin.class.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
