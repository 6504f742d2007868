package dev.heaptriage.scenarios;

import com.google.protobuf.ByteString;
import dev.heaptriage.testing.Scenario;
import dev.heaptriage.testing.ScenarioJvm;
import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.bytes.ByteList;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Views of libraries no reader in {@code detect/libs} names, over big stores that nothing else holds (issue 21 item 2).
 * Run with a second argument {@code copies} ({@link SliceUnseenLibraryCopies}), every view is replaced by a copy of
 * what it sees, and nothing may be reported. What to observe ({@code retained-slice}, one finding per owner field):
 * <ul>
 *   <li>{@link #PAYLOADS}: {@value #STORES} protobuf {@code ByteString.substring}s (a {@code BoundedByteString}:
 *       {@code bytes}, {@code bytesOffset}, {@code bytesLength}) of {@value #PAYLOAD_BYTES} bytes over 1 MiB
 *       payloads.</li>
 *   <li>{@link #FRAMES}: {@value #STORES} Agrona {@code UnsafeBuffer}s wrapping {@value #FRAME_BYTES} bytes of a
 *       1 MiB array (a raw {@code addressOffset}, the array's base plus the offset, and a {@code capacity}).</li>
 *   <li>{@link #DIRECT_FRAMES}: {@value #STORES} Agrona {@code UnsafeBuffer}s wrapping {@value #FRAME_BYTES} bytes of
 *       a 1 MiB {@code allocateDirect} block (an {@code addressOffset} inside the block's address range): off-heap
 *       bytes.</li>
 *   <li>{@link #SAMPLES}: {@value #STORES} fastutil {@code ByteArrayList.subList}s of {@value #SAMPLE_BYTES} bytes
 *       over 1 MiB lists.</li>
 * </ul>
 */
/* Agrona 2 reads jdk.internal.misc.Unsafe (its README: --add-exports java.base/jdk.internal.misc=ALL-UNNAMED). */
@ScenarioJvm("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public final class SliceUnseenLibraryViews {
    public static final int STORES = 20;
    public static final int BUFFER_BYTES = 1 << 20;
    public static final int PAYLOAD_BYTES = 2048;
    public static final int FRAME_BYTES = 512;
    public static final int SAMPLE_BYTES = 1000;

    static final List<ByteString> PAYLOADS = new ArrayList<>();
    static final List<UnsafeBuffer> FRAMES = new ArrayList<>();
    static final List<UnsafeBuffer> DIRECT_FRAMES = new ArrayList<>();
    static final List<ByteList> SAMPLES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        boolean copies = args.length > 1 && args[1].equals("copies");
        for (int i = 0; i < STORES; i++) {
            byte[] message = new byte[BUFFER_BYTES];
            message[i] = 1;
            ByteString whole = ByteString.copyFrom(message);
            ByteString header = whole.substring(4096, 4096 + PAYLOAD_BYTES);
            PAYLOADS.add(copies ? ByteString.copyFrom(header.toByteArray()) : header);

            byte[] log = new byte[BUFFER_BYTES];
            log[i] = 2;
            FRAMES.add(copies ? new UnsafeBuffer(Arrays.copyOfRange(log, 8192, 8192 + FRAME_BYTES))
                    : new UnsafeBuffer(log, 8192, FRAME_BYTES));

            ByteBuffer block = ByteBuffer.allocateDirect(BUFFER_BYTES);
            if (copies) {
                ByteBuffer own = ByteBuffer.allocateDirect(FRAME_BYTES);
                own.put(block.slice(16384, FRAME_BYTES));
                DIRECT_FRAMES.add(new UnsafeBuffer(own.flip()));
            } else {
                DIRECT_FRAMES.add(new UnsafeBuffer(block, 16384, FRAME_BYTES));
            }

            ByteArrayList samples = ByteArrayList.wrap(new byte[BUFFER_BYTES]);
            samples.set(i, (byte) 3);
            ByteList window = samples.subList(1000, 1000 + SAMPLE_BYTES);
            SAMPLES.add(copies ? new ByteArrayList(window) : window);
        }
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
