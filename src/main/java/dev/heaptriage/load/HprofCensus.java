package dev.heaptriage.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a parser will have to index in a dump (instances, object and primitive arrays, classes, GC roots), counted by
 * the validating pass ({@link HprofRecordScan}) from each heap sub-record's header; the loader sizes its memory from
 * it ({@link HeapNeeds}).
 *
 * @param instances       INSTANCE DUMP sub-records
 * @param objectArrays    OBJECT ARRAY DUMP sub-records
 * @param primitiveArrays PRIMITIVE ARRAY DUMP sub-records
 * @param classes         CLASS DUMP sub-records
 * @param gcRoots         GC root sub-records
 */
public record HprofCensus(long instances, long objectArrays, long primitiveArrays, long classes, long gcRoots) {

    /** Every object MAT indexes: instances, arrays and class mirrors. */
    public long objects() {
        return instances + objectArrays + primitiveArrays + classes;
    }

    /** Validates and counts the file, which must be an uncompressed HPROF dump (the benchmark's streaming floor). */
    public static HprofCensus of(Path file) throws IOException {
        String what = Messages.quote(file);
        try (InputStream in = Files.newInputStream(file)) {
            return HprofRecordScan.check(file, HprofHeader.read(in, what), what).census();
        } catch (DumpException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
