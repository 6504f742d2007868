package dev.heaptriage.load;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.mat.collect.BitField;
import org.eclipse.mat.parser.index.IIndexReader;
import org.eclipse.mat.parser.index.IndexReader;
import org.eclipse.mat.parser.internal.SnapshotImpl;
import org.eclipse.mat.snapshot.ISnapshot;

/**
 * Per-object facts the size model needs and MAT's API does not hand out cheaply: the class id of an object (MAT's
 * class index, without materialising the class) and the length of an array. MAT keeps only its own size of an
 * array, which loses the length (a {@code byte[n]} costs the same for eight lengths), so the length is read from
 * the array's record in the HPROF file, whose position MAT's {@code o2hprof} index keeps. The file is memory-mapped:
 * the reads follow MAT's ids, which follow addresses and so mostly the file.
 */
final class DumpRecords implements AutoCloseable {
    private static final long CHUNK = 1L << 30;
    /** Bytes each mapping reaches past its chunk, so a record header that starts in it is read from one buffer. */
    private static final int OVERLAP = 64;

    private final ISnapshot snapshot;
    private final IIndexReader.IOne2OneIndex o2class;
    private final IIndexReader.IOne2LongIndex o2hprof;
    private final MappedByteBuffer[] chunks;
    private final int lengthOffset;
    private final BitField arrays;

    DumpRecords(ISnapshot snapshot) throws IOException {
        this.snapshot = snapshot;
        this.o2class = ((SnapshotImpl) snapshot).getIndexManager().o2class();
        this.o2hprof = new IndexReader.LongIndexReader(new File(snapshot.getSnapshotInfo().getPrefix()
                + "o2hprof.index"));
        // PRIMITIVE ARRAY DUMP and OBJECT ARRAY DUMP: tag (1), object id, stack trace serial (4), length (4), ...
        this.lengthOffset = 1 + snapshot.getSnapshotInfo().getIdentifierSize() + 4;
        this.arrays = arrayBits(snapshot);
        Path file = Path.of(snapshot.getSnapshotInfo().getPath());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) ((size + CHUNK - 1) / CHUNK);
            chunks = new MappedByteBuffer[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                long start = i * CHUNK;
                chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(size - start, CHUNK + OVERLAP));
            }
        }
    }

    /** MAT's id of the class of the object (for a class object: {@code java.lang.Class}). */
    int classId(int objectId) {
        return o2class.get(objectId);
    }

    long address(int objectId) {
        try {
            return snapshot.mapIdToAddress(objectId);
        } catch (org.eclipse.mat.SnapshotException e) {
            throw new IllegalStateException("heap index error: " + e.getMessage(), e);
        }
    }

    int objects() {
        return snapshot.getSnapshotInfo().getNumberOfObjects();
    }

    /** The element count of an array object, read from its record. */
    int arrayLength(int objectId) {
        long at = o2hprof.get(objectId) + lengthOffset;
        MappedByteBuffer chunk = chunks[(int) (at / CHUNK)];
        return chunk.getInt((int) (at % CHUNK));
    }

    boolean isArray(int objectId) {
        return arrays != null ? arrays.get(objectId) : snapshot.isArray(objectId);
    }

    /**
     * MAT's own bit per object that says "array", read directly: {@code ISnapshot.isArray} also looks the class up
     * for every array, which a pass over all objects pays tens of millions of times. Null (and the slower public
     * call) if this MAT build has no such field; haha 1.3 is frozen, so it will not move.
     */
    private static BitField arrayBits(ISnapshot snapshot) {
        try {
            java.lang.reflect.Field f = SnapshotImpl.class.getDeclaredField("arrayObjects");
            f.setAccessible(true);
            return f.get(snapshot) instanceof BitField b ? b : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            o2hprof.close();
        } catch (IOException ignored) {
            // only a file handle; the index file is deleted with the others
        }
    }
}
