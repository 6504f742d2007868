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
import org.apache.lucene.util.BytesRef;
import org.apache.parquet.io.api.Binary;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.impl.list.mutable.FastList;

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
 *   <li>{@link #TERMS}: {@value #STORES} Lucene {@code BytesRef}s ({@code bytes}, {@code offset}, {@code length}) of
 *       {@value #TERM_BYTES} bytes over 1 MiB blocks, as a term reader hands them out.</li>
 *   <li>{@link #EVENTS}: {@value #STORES} Eclipse Collections {@code FastList.subList}s of {@value #RECENT_SIZE}
 *       elements over lists of {@value #LIST_SIZE} strings (the lists extend no JDK class), in an
 *       {@link EventLog}'s {@code recent}.</li>
 *   <li>{@link #KEYS}: {@value #STORES} Parquet {@code Binary.fromConstantByteArray(page, offset, length)} values
 *       ({@code ByteArraySliceBackedBinary}: {@code value}, {@code offset}, {@code length}) of {@value #KEY_BYTES}
 *       bytes over 1 MiB pages, a column reader's zero-copy values.</li>
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
    public static final int TERM_BYTES = 24;
    public static final int KEY_BYTES = 16;
    public static final int LIST_SIZE = 20_000;
    public static final int RECENT_SIZE = 10;

    static final List<ByteString> PAYLOADS = new ArrayList<>();
    static final List<UnsafeBuffer> FRAMES = new ArrayList<>();
    static final List<UnsafeBuffer> DIRECT_FRAMES = new ArrayList<>();
    static final List<ByteList> SAMPLES = new ArrayList<>();
    static final List<BytesRef> TERMS = new ArrayList<>();
    static final List<Binary> KEYS = new ArrayList<>();
    static final EventLog EVENTS = new EventLog();

    /** The application's log of the latest events per source. */
    static final class EventLog {
        final List<MutableList<String>> recent = new ArrayList<>();
    }

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

            byte[] termBlock = new byte[BUFFER_BYTES];
            termBlock[i] = 4;
            BytesRef term = new BytesRef(termBlock, 65536, TERM_BYTES);
            TERMS.add(copies ? BytesRef.deepCopyOf(term) : term);

            byte[] columnPage = new byte[BUFFER_BYTES];
            columnPage[i] = 5;
            Binary key = Binary.fromConstantByteArray(columnPage, 100_000, KEY_BYTES);
            KEYS.add(copies ? Binary.fromConstantByteArray(key.getBytes()) : key);

            FastList<String> events = FastList.newList(LIST_SIZE);
            for (int e = 0; e < LIST_SIZE; e++) {
                events.add("event-" + i + "-" + e);
            }
            MutableList<String> recent = events.subList(LIST_SIZE - RECENT_SIZE, LIST_SIZE);
            EVENTS.recent.add(copies ? FastList.newList(recent) : recent);

            ByteArrayList samples = ByteArrayList.wrap(new byte[BUFFER_BYTES]);
            samples.set(i, (byte) 3);
            ByteList window = samples.subList(1000, 1000 + SAMPLE_BYTES);
            SAMPLES.add(copies ? new ByteArrayList(window) : window);
        }
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
