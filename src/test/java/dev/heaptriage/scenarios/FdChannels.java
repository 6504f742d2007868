package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Unclosed NIO channels. What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@link #FILES}: {@value #FILE_CHANNELS} {@code FileChannel.open} channels (no stream behind them) on
 *       distinct files: count {@value #FILE_CHANNELS}, kind file-channel, low.</li>
 *   <li>{@link #PIPES}: {@value #PIPE_COUNT} pipes, each a source and a sink channel: count
 *       {@value #PIPE_DESCRIPTORS}, kind pipe, low.</li>
 *   <li>{@link #DATAGRAMS}: {@value #DATAGRAM_COUNT} datagram channels bound to 127.0.0.1: count
 *       {@value #DATAGRAM_COUNT}, kind datagram-channel, low.</li>
 *   <li>{@value #CLOSED} file channels and one pipe were closed but stay in {@link #CLOSED_CHANNELS}: nothing.</li>
 * </ul>
 */
public final class FdChannels {
    public static final int FILE_CHANNELS = 25;
    public static final int PIPE_COUNT = 3;
    public static final int PIPE_DESCRIPTORS = 2 * PIPE_COUNT;
    public static final int DATAGRAM_COUNT = 5;
    public static final int CLOSED = 5;

    static final List<FileChannel> FILES = new ArrayList<>();
    static final List<Pipe> PIPES = new ArrayList<>();
    static final List<DatagramChannel> DATAGRAMS = new ArrayList<>();
    static final List<Object> CLOSED_CHANNELS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-channels");
        for (int i = 0; i < FILE_CHANNELS; i++) {
            FILES.add(FileChannel.open(FdTemp.file(dir, "chan-" + i + ".dat", 32), StandardOpenOption.READ));
        }
        for (int i = 0; i < PIPE_COUNT; i++) {
            PIPES.add(Pipe.open());
        }
        for (int i = 0; i < DATAGRAM_COUNT; i++) {
            DATAGRAMS.add(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        }
        for (int i = 0; i < CLOSED; i++) {
            FileChannel c = FileChannel.open(FdTemp.file(dir, "closed-" + i + ".dat", 32), StandardOpenOption.READ);
            c.close();
            CLOSED_CHANNELS.add(c);
        }
        Pipe closedPipe = Pipe.open();
        closedPipe.source().close();
        closedPipe.sink().close();
        CLOSED_CHANNELS.add(closedPipe);
        Scenario.dump(args[0]);
    }
}
