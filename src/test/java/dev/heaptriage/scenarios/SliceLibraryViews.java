package dev.heaptriage.scenarios;

import com.google.common.collect.ImmutableList;
import dev.heaptriage.testing.Scenario;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Views that libraries and the application define themselves, over big stores that nothing else holds. Run with a
 * second argument {@code copies} ({@link SliceLibraryCopiesNearMiss}), every view is replaced by a copy of what it
 * sees, and nothing may be reported. What to observe ({@code retained-slice}, one finding per owner field):
 * <ul>
 *   <li>{@link #NETTY_SLICES}: {@value #STORES} slices ({@code ByteBuf.slice(1000, 1024)}) of unpooled 1 MiB Netty
 *       heap buffers: {@value #STORES} byte[1048576] stores, each wasting its size minus 1,024 bytes.</li>
 *   <li>{@link #WINDOWS}: {@value #STORES} {@link Window}s ({@code byte[] data; int off; int len}) of 4,096 bytes over
 *       1 MiB arrays.</li>
 *   <li>{@link #RANGES}: {@value #STORES} {@link TextRange}s ({@code char[] chars; int start; int end}) of 100 chars
 *       over 256 Ki-char arrays.</li>
 *   <li>{@link #GUAVA_SUBLISTS}: one Guava {@code ImmutableList} of 200,000 strings kept only through a 10-element
 *       {@code subList}.</li>
 *   <li>{@link #POOLED_SLICES}: {@code retainedSlice()}s of pooled buffers (the 4.2 default adaptive allocator and
 *       the classic pooled one), their parents released: windows into pool chunks that the pools hold. Not reported.
 *       </li>
 * </ul>
 */
public final class SliceLibraryViews {
    public static final int STORES = 20;
    public static final int BUFFER_BYTES = 1 << 20;
    public static final int SLICE_BYTES = 1024;
    public static final int WINDOW_BYTES = 4096;
    public static final int TEXT_CHARS = 256 * 1024;
    public static final int RANGE_CHARS = 100;
    public static final int LIST_SIZE = 200_000;
    public static final int SUBLIST_SIZE = 10;

    static final List<ByteBuf> NETTY_SLICES = new ArrayList<>();
    static final List<Object> WINDOWS = new ArrayList<>();
    static final List<Object> RANGES = new ArrayList<>();
    static final List<Object> GUAVA_SUBLISTS = new ArrayList<>();
    static final List<ByteBuf> POOLED_SLICES = new ArrayList<>();

    /** An application's own window over a byte array. */
    static final class Window {
        final byte[] data;
        final int off;
        final int len;

        Window(byte[] data, int off, int len) {
            this.data = data;
            this.off = off;
            this.len = len;
        }
    }

    /** Another naming: a range [start, end) of chars. */
    static final class TextRange {
        final char[] chars;
        final int start;
        final int end;

        TextRange(char[] chars, int start, int end) {
            this.chars = chars;
            this.start = start;
            this.end = end;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean copies = args.length > 1 && args[1].equals("copies");
        for (int i = 0; i < STORES; i++) {
            ByteBuf big = Unpooled.buffer(BUFFER_BYTES, BUFFER_BYTES);
            big.writerIndex(BUFFER_BYTES);
            NETTY_SLICES.add(copies ? big.copy(1000, SLICE_BYTES) : big.slice(1000, SLICE_BYTES));

            byte[] data = new byte[BUFFER_BYTES];
            data[i] = 1;
            WINDOWS.add(copies ? new Window(java.util.Arrays.copyOfRange(data, 8192, 8192 + WINDOW_BYTES), 0,
                    WINDOW_BYTES) : new Window(data, 8192, WINDOW_BYTES));

            char[] text = new char[TEXT_CHARS];
            text[i] = 'x';
            RANGES.add(copies ? new TextRange(java.util.Arrays.copyOfRange(text, 500, 500 + RANGE_CHARS), 0,
                    RANGE_CHARS) : new TextRange(text, 500, 500 + RANGE_CHARS));
        }
        ImmutableList.Builder<String> b = ImmutableList.builderWithExpectedSize(LIST_SIZE);
        for (int i = 0; i < LIST_SIZE; i++) {
            b.add("item-" + i);
        }
        ImmutableList<String> list = b.build();
        b = null; // the builder shares its array with the list it built
        GUAVA_SUBLISTS.add(copies ? ImmutableList.copyOf(new ArrayList<>(list.subList(100, 100 + SUBLIST_SIZE)))
                : list.subList(100, 100 + SUBLIST_SIZE));
        list = null;

        for (ByteBufAllocator alloc : new ByteBufAllocator[] {ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT}) {
            for (int i = 0; i < 4; i++) {
                ByteBuf pooled = alloc.heapBuffer(256 * 1024);
                pooled.writerIndex(pooled.capacity());
                POOLED_SLICES.add(pooled.retainedSlice(0, 64));
                pooled.release();
            }
        }
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
