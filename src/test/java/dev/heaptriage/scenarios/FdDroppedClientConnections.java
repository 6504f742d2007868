package dev.heaptriage.scenarios;

import org.eclipse.jetty.client.HttpClient;

/**
 * A client made per call and dropped without {@code stop()} (issue 21, rule 5's counterpart, like an RPC channel
 * created per request and never shut down): {@value #CLIENTS} Jetty 12 {@code HttpClient}s, each with one open
 * connection to a loopback server, that nothing in the application references. What to observe: an
 * {@code unclosed-fd} finding of {@value #CLIENTS} sockets at {@code low} or above, whose holders are the dropped
 * clients' own selector threads (not requests in flight), and a {@code parked-threads} finding of their pools.
 */
public final class FdDroppedClientConnections {
    public static final int CLIENTS = 12;

    public static void main(String[] args) throws Exception {
        try {
            ThreadsUnseenLibraries.startServers();
            for (int i = 0; i < CLIENTS; i++) {
                HttpClient client = ThreadsUnseenLibraries.jetty();
                client.getExecutor(); // used once, then dropped
            }
            ThreadsUnseenLibraries.settleAndDump(args[0]);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
