package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.fd.FdScan.Reason;
import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.detect.libs.ApacheHttpClient;
import dev.heaptriage.detect.libs.JdkHttpClient;
import dev.heaptriage.detect.libs.OkHttp;
import dev.heaptriage.text.Text;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;

/** The heap-free words of {@code unclosed-fd}: owner labels of groups and the fix for each kind of leak. */
final class FdText {
    private FdText() {
    }

    /**
     * The label of a group's owner when the owner's own label is not enough: many threads in one frame (with frames),
     * or many threads of one class (a dump without frames, where only the thread is known); null otherwise.
     *
     * @param holders how many distinct holders (threads, for thread owners) the group has
     */
    static Text threadsLabel(Owner o, int holders) {
        if (holders <= 1 || o.thread() == null) {
            return null;
        }
        Text example = Text.concat(", e.g. thread '", o.thread().name(), "'");
        if (o.kind() == Owner.Kind.LOCAL && o.frame() != null) {
            return Text.concat("locals of " + Units.count(holders) + " threads in " + o.frameText(), example);
        }
        if (o.kind() == Owner.Kind.LOCAL || o.kind() == Owner.Kind.THREAD) {
            // Without stack frames the dump tells only which threads hold the descriptors, not in which method.
            return Text.concat(Units.count(holders) + " threads (" + Names.simpleName(o.holderClass()) + ")", example);
        }
        return null;
    }

    /** The fix, by what leaks: a library's API when a known client owns the connections, else by resource kind. */
    static String remediation(Kind kind, Reason reason, String library, boolean loaderJar) {
        if (OkHttp.LIBRARY.equals(library)) {
            return "Close every OkHttp Response: response.close(), or try-with-resources (Java) / use {} (Kotlin) "
                    + "around execute(), also when only the status is read or the body fails; a response body left "
                    + "open keeps its connection leased and its socket open. Share one OkHttpClient.";
        }
        if (ApacheHttpClient.LIBRARY.equals(library)) {
            return "Close every CloseableHttpResponse in try-with-resources, or pass a response handler to "
                    + "execute(request, handler), which consumes and closes it; a response left open keeps its pooled "
                    + "connection leased forever, and once maxPerRoute are lost every request waits. Keep one shared "
                    + "CloseableHttpClient and close it only at shutdown.";
        }
        if (JdkHttpClient.LIBRARY.equals(library)) {
            return "Share one java.net.http.HttpClient for the application (it is thread-safe and pools its "
                    + "connections) instead of building one per request; each client runs a selector thread and keeps "
                    + "its own connections. On JDK 21 and later, close() a client you create for a limited time "
                    + "(try-with-resources).";
        }
        if (loaderJar) {
            return "Close each URLClassLoader you create (URLClassLoader.close(), e.g. when a plugin is unloaded or "
                    + "reloaded): it keeps every jar it opened open until then. Only the JDK's own class loaders keep "
                    + "their jars for the JVM's life.";
        }
        return switch (kind) {
            case HTTP -> "Read each response body to the end and close it (and the error stream on failures), in "
                    + "try-with-resources; call disconnect() when the connection must not be reused.";
            case SELECTOR -> "Close each Selector when the loop that uses it ends (try-with-resources or finally); a "
                    + "Selector holds an epoll and a wakeup descriptor and has no cleaner, so one dropped open is "
                    + "never closed.";
            case DIRECTORY_STREAM -> "Open Files.newDirectoryStream, Files.list and Files.walk in "
                    + "try-with-resources: a directory stream holds a native directory handle, has no cleaner, and "
                    + "one never closed stays open for the JVM's life.";
            case FILE_CHANNEL -> reason == Reason.DROPPED
                    ? "Open Files.lines, Files.newInputStream, Files.newBufferedReader and FileChannel.open in "
                    + "try-with-resources: the Stream or reader holds its file open until it is closed, and one "
                    + "dropped leaves the descriptor to the GC and the Cleaner; under load that is how \"Too many "
                    + "open files\" happens."
                    : "Close every channel in try-with-resources; keep long-lived channels in a bounded cache that "
                    + "closes on eviction.";
            case SOCKET, SOCKET_IMPL, SERVER_SOCKET, SERVER_SOCKET_IMPL, SOCKET_CHANNEL, DATAGRAM_SOCKET,
                    SERVER_SOCKET_CHANNEL, DATAGRAM_CHANNEL, ASYNC_SOCKET_CHANNEL, ASYNC_SERVER_SOCKET_CHANNEL ->
                    "Close every socket and channel in try-with-resources or a finally block; give pools and caches of "
                            + "connections a bound and close connections on eviction.";
            case ZIP, ZIP_SOURCE -> "Close each ZipFile/JarFile in try-with-resources; cache one per path instead of "
                    + "opening the same archive repeatedly.";
            default -> reason == Reason.DROPPED
                    ? "Open every stream in try-with-resources (FileInputStream, ZipInputStream or GZIPInputStream "
                    + "over a file, and the streams helpers return): one dropped without close() keeps its descriptor "
                    + "until the GC finds it and the Cleaner closes it; under load that is how \"Too many open "
                    + "files\" happens."
                    : "Open the file in try-with-resources so it is closed on every path; if files must stay open, "
                    + "keep one per path in a bounded cache that closes on eviction.";
        };
    }
}
