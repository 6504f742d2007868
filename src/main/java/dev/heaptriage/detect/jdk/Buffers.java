package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.List;

/**
 * The JDK's views over arrays and native memory (jdk-layouts.md §2, §3): heap buffers and their {@code asXBuffer}
 * views, {@code CharBuffer.wrap(String)}, direct buffers and the {@code allocateDirect} blocks they share, and the
 * pre-7u6 {@code String} that shares its {@code char[]}. What each one can see of its store, in bytes, decided by the
 * fields present for the JDK that wrote the dump.
 */
public final class Buffers {
    public static final String BUFFER = "java.nio.Buffer";

    private Buffers() {
    }

    /** A heap buffer ({@code HeapByteBuffer}, {@code HeapCharBufferR} ...): a {@code Buffer} declaring {@code hb}. */
    public static boolean isHeapBuffer(HeapClass c) {
        return c.isSubclassOf(BUFFER) && !c.name().startsWith("java.nio.Direct")
                && JdkClasses.declaringClass(c, "hb") != null;
    }

    /** A direct buffer ({@code DirectByteBuffer}, {@code DirectIntBufferU} ...). */
    public static boolean isDirectBuffer(HeapClass c) {
        return c.isSubclassOf(BUFFER) && c.name().startsWith("java.nio.Direct");
    }

    /** An {@code asIntBuffer()}-style view of a heap byte buffer ({@code ByteBufferAsIntBufferB} ...). */
    public static boolean isByteBufferAsView(HeapClass c) {
        return c.name().startsWith("java.nio.ByteBufferAs");
    }

    /** {@code CharBuffer.wrap(CharSequence)}. */
    public static boolean isStringCharBuffer(HeapClass c) {
        return c.name().equals("java.nio.StringCharBuffer");
    }

    /**
     * jdk-layouts.md §2, §11: a String class that itself declares {@code offset} and {@code count} next to
     * {@code value} is the JDK 6 … 7u5 layout, where substrings share the parent's {@code char[]}.
     */
    public static boolean isLegacyStringLayout(HeapClass stringClass) {
        List<String> f = stringClass.declaredFieldNames();
        return f.contains("value") && f.contains("offset") && f.contains("count");
    }

    /**
     * The bytes {@code [start, end)} of its array {@code hb} that a heap buffer can ever see (X-Buffer.java.template):
     * {@code hb[offset, offset + capacity)}. Position and limit move inside that, so capacity, not
     * {@code limit − position}, is its reach (a half-filled I/O buffer is not a slice).
     */
    public static long[] heapBufferWindow(HeapObject buffer, int elementBytes) {
        long start = (long) buffer.intValue("offset", 0) * elementBytes;
        return new long[] {start, start + (long) buffer.intValue("capacity", 0) * elementBytes};
    }

    /**
     * Where an {@code asXBuffer} view starts in its byte buffer's array, in bytes, given where that buffer's own window
     * starts ({@code bbStart}). JDK 8: the view declares its own int {@code offset}, an absolute byte index into
     * {@code bb.hb}; 11+: {@code Buffer.address = bb.address + byte position at creation}.
     */
    public static long asViewStart(HeapObject view, HeapObject bb, long bbStart) {
        String own = JdkClasses.declaringClass(view.heapClass(), "offset");
        if (own != null && own.startsWith("java.nio.ByteBufferAs")) {
            return view.value(own, "offset") instanceof Number n ? n.longValue() : bbStart;
        }
        long bbAddress = bb.longValue("address", 0);
        return bbStart + (view.longValue("address", bbAddress) - bbAddress);
    }

    /** A buffer's capacity in bytes ({@code capacity} × its element size). */
    public static long capacityBytes(HeapObject buffer) {
        return (long) buffer.intValue("capacity", 0) * bufferElementBytes(buffer.className());
    }

    /**
     * The window of a {@code StringCharBuffer} ({@code CharBuffer.wrap(String)}) in the bytes of its String's value
     * array, given where the String's own window starts: {@code str[offset, offset + capacity)}. A Latin-1 compact
     * String ({@code coder} 0 over a {@code byte[]}) spends one byte per char, everything else two.
     */
    public static long[] stringCharBufferWindow(HeapObject charBuffer, HeapObject string, long stringStart,
                                                int arrayElementBytes) {
        int bytesPerChar = arrayElementBytes == 1 && string.intValue("coder", 0) == 0 ? 1 : 2;
        long start = stringStart + (long) charBuffer.intValue("offset", 0) * bytesPerChar;
        return new long[] {start, start + (long) charBuffer.intValue("capacity", 0) * bytesPerChar};
    }

    /**
     * The field of a direct buffer that names the buffer it was made from: {@code att} (7u2+; 11+ always the
     * allocating buffer, 8 the direct parent) or {@code viewedBuffer} (6/7GA).
     */
    public static String attachmentField(HeapObject directBuffer) {
        return directBuffer.hasField("att") ? "att" : "viewedBuffer";
    }

    /**
     * The off-heap bytes an allocating direct buffer owns: {@code cleaner.thunk} is a {@code Deallocator} whose
     * {@code capacity} is the block; -1 for file mappings (thunk {@code Unmapper}), JNI buffers ({@code cleaner ==
     * null}) and views, which own no block.
     */
    public static long allocatedBytes(HeapObject directBuffer) {
        HeapObject cleaner = directBuffer.ref("cleaner");
        HeapObject thunk = cleaner == null ? null : cleaner.ref("thunk");
        if (thunk == null || !thunk.className().endsWith("Deallocator")) {
            return -1;
        }
        return thunk.intValue("capacity", directBuffer.intValue("capacity", 0));
    }

    /** Bytes {@code allocateDirect} may reserve in total ({@code Bits.MAX_MEMORY} 11+, {@code maxMemory} 6-8); 0 if unknown. */
    public static long maxDirectMemory(HeapView heap) {
        for (HeapClass bits : heap.classes("java.nio.Bits")) {
            for (String f : new String[] {"MAX_MEMORY", "maxMemory"}) {
                if (bits.staticValue(f) instanceof Number n && n.longValue() > 0) {
                    return n.longValue();
                }
            }
        }
        return 0;
    }

    /** Element size of a primitive array class ({@code byte[]} → 1 ... {@code long[]} → 8); 0 if not primitive. */
    public static int elementBytes(String arrayClassName) {
        return switch (arrayClassName) {
            case "byte[]", "boolean[]" -> 1;
            case "char[]", "short[]" -> 2;
            case "int[]", "float[]" -> 4;
            case "long[]", "double[]" -> 8;
            default -> 0;
        };
    }

    /**
     * Element size of a buffer class from the element type in its name: {@code HeapCharBuffer},
     * {@code ByteBufferAsIntBufferB}, {@code DirectLongBufferU} ... (for an {@code As} view the type after "As").
     */
    public static int bufferElementBytes(String bufferClassName) {
        String n = bufferClassName.substring(bufferClassName.lastIndexOf('.') + 1);
        int as = n.indexOf("As");
        if (as >= 0) {
            n = n.substring(as + 2);
        }
        for (String[] kind : new String[][] {{"Byte", "1"}, {"Char", "2"}, {"Short", "2"}, {"Int", "4"},
                {"Float", "4"}, {"Long", "8"}, {"Double", "8"}}) {
            if (n.contains(kind[0])) {
                return Integer.parseInt(kind[1]);
            }
        }
        return 1;
    }
}
