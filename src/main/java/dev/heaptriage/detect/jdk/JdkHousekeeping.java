package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import java.util.HashSet;
import java.util.Set;

/**
 * The descriptors the JDK keeps open on purpose (jdk-layouts.md §7, §10), by {@link Descriptors}' keys:
 * <ul>
 *   <li>jars on the class path and module path, held by the JDK's own class loaders (the built-in loaders of 9+, the
 *       launcher's loaders of 8) and by the loader that defined the code the main thread runs (a launcher such as a
 *       fat-jar loader). A {@code URLClassLoader} the application created is not housekeeping: its jars stay open
 *       until it is closed, and a plugin loader never closed is a leak;</li>
 *   <li>jars cached for {@code jar:} URLs, the module image;</li>
 *   <li>SecureRandom's {@code /dev/random} and {@code /dev/urandom} streams;</li>
 *   <li>HTTP connections parked in the keep-alive cache;</li>
 *   <li>a selector a thread is selecting on (an event loop at work: Netty's, a server's dispatcher, an HTTP client's
 *       selector thread), and the connections of a running {@code com.sun.net.httpserver} server (idle keep-alive
 *       connections and exchanges in progress, which the server closes on its idle timeout or {@code stop});</li>
 *   <li>the pipes to a child process that is still running (its stdin, stdout and stderr while {@code waitFor()}
 *       runs): the JDK closes them when the process exits.</li>
 * </ul>
 */
final class JdkHousekeeping {
    private static final String BUILTIN_LOADER = "jdk.internal.loader.BuiltinClassLoader";

    private final HeapView heap;
    private final Set<Long> keys = new HashSet<>();

    private JdkHousekeeping(HeapView heap) {
        this.heap = heap;
    }

    static Set<Long> keys(HeapView heap) {
        JdkHousekeeping h = new JdkHousekeeping(heap);
        h.classPathJars();
        h.caches();
        h.childProcessPipes();
        h.selectorsInUse();
        h.httpServerConnections();
        return h.keys;
    }

    /** Jars of the JDK's own class loaders and of the loaders that defined what the main thread runs. */
    private void classPathJars() {
        Set<Integer> loaders = new HashSet<>();
        for (HeapObject l : heap.instancesOf(BUILTIN_LOADER, true)) {
            loaders.add(l.id());
        }
        for (String launcher : new String[] {"sun.misc.Launcher$AppClassLoader", "sun.misc.Launcher$ExtClassLoader"}) {
            for (HeapObject l : heap.instancesOf(launcher, true)) {
                loaders.add(l.id());
            }
        }
        for (HeapThread t : heap.threads()) {
            if (!t.name().is("main")) {
                continue;
            }
            for (StackFrame f : t.frames()) {
                for (HeapClass c : heap.classes(f.className())) {
                    loaders.add(c.classLoaderId());
                }
            }
        }
        for (int id : loaders) {
            if (id == 0) {
                continue;
            }
            HeapObject ucp = heap.object(id).ref("ucp");
            if (ucp == null) {
                continue;
            }
            for (HeapObject jarLoader : Collections.elements(heap, ucp.ref("loaders"))) {
                zip(jarLoader.ref("jar"));
            }
            for (HeapObject jarLoader : Collections.mapValues(heap, ucp.ref("lmap"))) {
                zip(jarLoader.ref("jar"));
            }
        }
        for (HeapObject reader : heap.instancesOf("jdk.internal.module.ModuleReferences$JarModuleReader", true)) {
            zip(reader.ref("jf"));
        }
    }

    private void caches() {
        // The jar: URL cache keeps one JarFile per jar URL opened with caches on (resources read through a
        // class loader): bounded by the number of jars, closed by the JDK.
        for (HeapClass c : heap.classes("sun.net.www.protocol.jar.JarFileFactory")) {
            for (HeapObject jar : Collections.mapValues(heap, c.staticRef("fileCache"))) {
                zip(jar);
            }
        }
        // The JVM's module image (lib/modules) is mapped natively; only when mapping is off does the JDK read it
        // through a FileChannel, which it keeps for the JVM's life.
        for (HeapObject reader : heap.instancesOf("jdk.internal.jimage.BasicImageReader", true)) {
            stream(reader.ref("channel"));
        }
        // SecureRandom's NativePRNG reads /dev/random and /dev/urandom through one stream per path for the life
        // of the JVM: pooled, unclosable ones (FileInputStreamPool) or, in older JDKs, plain FileInputStreams.
        for (HeapObject pooled : heap.instancesOf("sun.security.provider.FileInputStreamPool$UnclosableInputStream",
                true)) {
            stream(pooled.ref("in"));
        }
        for (HeapObject io : heap.instancesOf("sun.security.provider.NativePRNG$RandomIO", true)) {
            stream(io.ref("seedIn"));
            stream(io.ref("nextIn"));
        }
        // Connections parked in the keep-alive cache are reused or closed by the Keep-Alive-Timer.
        for (HeapObject client : heap.instancesOf("sun.net.www.http.HttpClient", true)) {
            if (client.boolValue("inCache", false)) {
                Long key = Descriptors.socketKey(client.ref("serverSocket"));
                if (key != null) {
                    keys.add(key);
                }
            }
        }
    }

    /**
     * {@code ProcessImpl}'s {@code stdin}, {@code stdout} and {@code stderr} (pipe streams over a
     * {@code FileOutputStream}/{@code FileInputStream} without a path) while {@code hasExited} is false.
     */
    private void childProcessPipes() {
        for (HeapObject p : heap.instancesOf("java.lang.ProcessImpl", true)) {
            if (p.boolValue("hasExited", true)) {
                continue;
            }
            for (String f : new String[] {"stdin", "stdout", "stderr"}) {
                HeapObject s = p.ref(f);
                for (int depth = 0; s != null && depth < 3; depth++) {
                    if (s.value("fd") instanceof HeapObject) {
                        stream(s);
                        break;
                    }
                    s = s.hasField("in") ? s.ref("in") : s.ref("out"); // a buffered stream over the pipe
                }
            }
        }
    }

    /** Selectors with a live thread in one of their select methods (the selector is that frame's receiver). */
    private void selectorsInUse() {
        for (HeapObject s : heap.instancesOf("java.nio.channels.spi.AbstractSelector", true)) {
            for (dev.heaptriage.heap.FrameLocal f : heap.framesHolding(s.id())) {
                if (f.frame().methodName().toLowerCase(java.util.Locale.ROOT).contains("select")) {
                    keys.add(NioResources.OWN_KEY_BASE + s.id());
                    break;
                }
            }
        }
    }

    /**
     * {@code sun.net.httpserver.ServerImpl} while {@code started} and not {@code terminating}: every connection in
     * {@code allConnections} (idle, newly accepted, reading a request, writing a response) and the server's selector.
     */
    private void httpServerConnections() {
        for (HeapObject server : heap.instancesOf("sun.net.httpserver.ServerImpl", false)) {
            if (!server.boolValue("started", false) || server.boolValue("terminating", false)) {
                continue;
            }
            for (String set : new String[] {"allConnections", "idleConnections", "newlyAcceptedConnections"}) {
                for (HeapObject conn : Collections.elements(heap, server.ref(set))) {
                    stream(conn.ref("chan"));
                }
            }
            HeapObject selector = server.ref("selector");
            if (selector != null) {
                keys.add(NioResources.OWN_KEY_BASE + selector.id());
            }
        }
    }

    private void stream(HeapObject stream) {
        if (stream != null && stream.value("fd") instanceof HeapObject fdo) {
            keys.add(Descriptors.fdKey(fdo));
        }
    }

    private void zip(HeapObject zip) {
        Long key = zip == null ? null : Descriptors.zipKey(zip);
        if (key != null) {
            keys.add(key);
        }
    }
}
