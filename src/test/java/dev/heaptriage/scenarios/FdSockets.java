package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Unclosed client and server sockets and socket channels, all on 127.0.0.1. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #CLIENTS}: {@value #SOCKETS} connected client Sockets: count {@value #SOCKETS}, peer
 *       {@code 127.0.0.1:<port>}, low.</li>
 *   <li>{@link #ACCEPTED}: the {@value #SOCKETS} Sockets the server accepted: count {@value #SOCKETS}, low.</li>
 *   <li>{@link #SERVER}: one listening ServerSocket: count 1, info (a server keeps one on purpose).</li>
 *   <li>{@link #CHANNEL_CLIENTS} / {@link #CHANNEL_ACCEPTED}: {@value #CHANNELS} SocketChannels each side: count
 *       {@value #CHANNELS} each, low; {@link #CHANNEL_SERVER}: one ServerSocketChannel, info.</li>
 *   <li>{@value #CLOSED} client Sockets and {@value #CLOSED} SocketChannels (and their accepted ends) were closed but
 *       stay in {@link #CLOSED_ENDS}: nothing. Closed sockets keep their old fd number, so only their state
 *       says they are closed.</li>
 * </ul>
 */
public final class FdSockets {
    public static final int SOCKETS = 20;
    public static final int CHANNELS = 8;
    public static final int CLOSED = 4;

    static ServerSocket SERVER;
    static final List<Socket> CLIENTS = new ArrayList<>();
    static final List<Socket> ACCEPTED = new ArrayList<>();
    static ServerSocketChannel CHANNEL_SERVER;
    static final List<SocketChannel> CHANNEL_CLIENTS = new ArrayList<>();
    static final List<SocketChannel> CHANNEL_ACCEPTED = new ArrayList<>();
    static final List<Object> CLOSED_ENDS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        SERVER = new ServerSocket(0, 100, loopback);
        for (int i = 0; i < CLOSED; i++) {
            Socket c = new Socket(loopback, SERVER.getLocalPort());
            Socket a = SERVER.accept();
            c.close();
            a.close();
            CLOSED_ENDS.add(c);
            CLOSED_ENDS.add(a);
        }
        for (int i = 0; i < SOCKETS; i++) {
            CLIENTS.add(new Socket(loopback, SERVER.getLocalPort()));
            ACCEPTED.add(SERVER.accept());
        }
        CHANNEL_SERVER = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0), 100);
        for (int i = 0; i < CLOSED; i++) {
            SocketChannel c = SocketChannel.open(CHANNEL_SERVER.getLocalAddress());
            SocketChannel a = CHANNEL_SERVER.accept();
            c.close();
            a.close();
            CLOSED_ENDS.add(c);
            CLOSED_ENDS.add(a);
        }
        for (int i = 0; i < CHANNELS; i++) {
            CHANNEL_CLIENTS.add(SocketChannel.open(CHANNEL_SERVER.getLocalAddress()));
            CHANNEL_ACCEPTED.add(CHANNEL_SERVER.accept());
        }
        Scenario.dump(args[0]);
    }
}
