package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.HprofStructure;
import dev.heaptriage.testing.HprofStructure.SubRecord;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged dump is refused with exit 3 and one line in heaptriage's words that says what was expected, what was
 * found and where, or analysed with a warning that says exactly what is missing (issue 24, item 3). Each dump is
 * {@link KnownHeap}'s with one defect made on purpose; the fuzz test ({@code DumpFuzzTest}) makes them at random.
 */
class MalformedDumpTest {
    @TempDir
    static Path work;

    static byte[] dump;
    static HprofStructure structure;

    @BeforeAll
    static void read() throws Exception {
        dump = Files.readAllBytes(ScenarioDumps.dump(KnownHeap.class));
        structure = HprofStructure.of(dump);
    }

    private static Path write(String name, byte[] bytes) throws Exception {
        return Files.write(work.resolve(name + ".hprof"), bytes);
    }

    /** The dump without sub-record {@code s}, its record's length fixed up: a dump that simply lacks that object. */
    private static byte[] without(SubRecord s) {
        byte[] out = new byte[dump.length - s.length()];
        System.arraycopy(dump, 0, out, 0, s.offset());
        System.arraycopy(dump, s.end(), out, s.offset(), dump.length - s.end());
        HprofStructure.Record r = structure.records.get(s.record());
        ByteBuffer.wrap(out).putInt(r.offset() + 5, r.length() - s.length());
        return out;
    }

    /** The dump with sub-record {@code s} written twice, its record's length fixed up. */
    private static byte[] twice(SubRecord s) {
        byte[] out = new byte[dump.length + s.length()];
        System.arraycopy(dump, 0, out, 0, s.end());
        System.arraycopy(dump, s.offset(), out, s.end(), s.length());
        System.arraycopy(dump, s.end(), out, s.end() + s.length(), dump.length - s.end());
        HprofStructure.Record r = structure.records.get(s.record());
        ByteBuffer.wrap(out).putInt(r.offset() + 5, r.length() + s.length());
        return out;
    }

    /** The first primitive array of element type {@code type} with at least {@code min} elements. */
    private static SubRecord array(int type, int min) {
        for (SubRecord s : structure.subRecords(HprofStructure.PRIMITIVE_ARRAY)) {
            int at = s.offset() + 1 + structure.idSize + 4;
            if (dump[at + 4] == type && ByteBuffer.wrap(dump).getInt(at) >= min) {
                return s;
            }
        }
        throw new AssertionError("no such array");
    }

    private static CliRun run(String command, Path file, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command, file.toString(), "--index-dir",
                work.resolve("index").toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Analyze refuses the dump: exit 3, nothing on stdout, one line naming an offset; returns it. */
    private static String refused(Path file) {
        CliRun run = run("analyze", file, "-f", "json");
        assertEquals(3, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run.err());
        String line = run.errLines().get(0);
        assertTrue(line.startsWith("heaptriage analyze: corrupt dump '") && line.contains("offset"), line);
        assertFalse(line.contains("Exception") || line.contains("Error_") || line.contains("FAQ")
                || line.contains("\\n") || line.contains("Xmx"), line);
        return line;
    }

    @Test
    void primitiveArrayRunningPastItsRecordIsRefused() throws Exception {
        SubRecord s = array(5, 1); // char[]
        byte[] bad = dump.clone();
        int at = s.offset() + 1 + structure.idSize + 4;
        HprofStructure.Record r = structure.records.get(s.record());
        int length = ByteBuffer.wrap(dump).getInt(at);
        ByteBuffer.wrap(bad).putInt(at, length + (r.end() - s.end()) / 2 + 1);
        String line = refused(write("overrun", bad));
        assertTrue(line.contains("the primitive array (char[], length ") && line.contains("at offset " + s.offset())
                && line.contains("runs past the end of its record") && line.contains("HEAP DUMP SEGMENT"), line);
    }

    @Test
    void arrayLengthNoJavaArrayCanHaveIsRefused() throws Exception {
        SubRecord s = array(5, 1);
        byte[] bad = dump.clone();
        ByteBuffer.wrap(bad).putInt(s.offset() + 1 + structure.idSize + 4, 0xFFFFFFFF);
        String line = refused(write("absurd", bad));
        assertTrue(line.contains("char[]") && line.contains("length 4294967295")
                && line.contains("more than a Java array can hold"), line);
    }

    /** An object array said to hold 2^31-1 references: a parser that believed it would ask for 16 GiB. */
    @Test
    void hugeObjectArrayIsRefusedNotOutOfMemory() throws Exception {
        SubRecord s = structure.subRecords(HprofStructure.OBJECT_ARRAY).get(0);
        byte[] bad = dump.clone();
        ByteBuffer.wrap(bad).putInt(s.offset() + 1 + structure.idSize + 4, Integer.MAX_VALUE);
        String line = refused(write("huge", bad));
        assertTrue(line.contains("the object array (length 2147483647) at offset " + s.offset()), line);
    }

    @Test
    void objectDumpedTwiceIsRefusedInWords() throws Exception {
        SubRecord s = structure.subRecords(HprofStructure.INSTANCE_DUMP).get(100);
        String line = refused(write("twice", twice(s)));
        assertTrue(line.contains("is dumped twice, at offsets " + s.offset() + " and " + s.end()), line);
    }

    @Test
    void instanceOfAClassNoRecordDefinesIsRefused() throws Exception {
        SubRecord s = structure.subRecords(HprofStructure.INSTANCE_DUMP).get(10);
        byte[] bad = dump.clone();
        ByteBuffer.wrap(bad).putLong(s.offset() + 1 + structure.idSize + 4, 0x7777_0000L);
        String line = refused(write("classless", bad));
        assertTrue(line.contains("the instance dump at offset " + s.offset() + " is of class 0x77770000, which no "
                + "class dump in the file defines"), line);
    }

    @Test
    void missingNameIsRefused() throws Exception {
        HprofStructure.Record utf8 = structure.records.stream().filter(r -> r.tag() == 0x01
                && new String(dump, r.bodyOffset() + structure.idSize, r.length() - structure.idSize,
                StandardCharsets.UTF_8).equals("java/util/ArrayList")).findFirst().orElseThrow();
        byte[] bad = new byte[dump.length - utf8.length() - 9];
        System.arraycopy(dump, 0, bad, 0, utf8.offset());
        System.arraycopy(dump, utf8.end(), bad, utf8.offset(), dump.length - utf8.end());
        String line = refused(write("nameless", bad));
        assertTrue(line.contains("a name is missing (no UTF8 record holds it)") && line.contains("LOAD CLASS"), line);
    }

    /** What a run that analyses the damaged dump prints: exit 0, the warning on stderr and in the JSON. */
    private static void warns(Path file, String expected) throws Exception {
        CliRun analyze = run("analyze", file, "-f", "json");
        assertEquals(0, analyze.exitCode(), analyze.err());
        JsonNode report = new ObjectMapper().readTree(analyze.out());
        String warnings = report.path("warnings").toString();
        assertTrue(warnings.contains(expected), warnings);
        assertTrue(analyze.errLines().stream().anyMatch(l -> l.startsWith("warning: ") && l.contains(expected)),
                analyze.err());
        // threads and histogram are served from what analyze stored, and still say what is missing.
        for (String command : List.of("threads", "histogram")) {
            CliRun table = run(command, file, "-f", "json");
            assertEquals(0, table.exitCode(), table.err());
            new ObjectMapper().readTree(table.out());
            assertTrue(table.errLines().stream().anyMatch(l -> l.startsWith("warning: ") && l.contains(expected)),
                    command + ": " + table.err());
        }
    }

    /** The sub-record dumping the object that the first root of kind {@code rootTag} with a dumped object names. */
    private static SubRecord rootTarget(int rootTag) {
        for (SubRecord root : structure.subRecords(rootTag)) {
            SubRecord target = structure.objectRecord(structure.id(root.offset() + 1));
            if (target != null && target.tag() == HprofStructure.INSTANCE_DUMP) {
                return target;
            }
        }
        throw new AssertionError("no root of tag " + rootTag + " names an instance");
    }

    @Test
    void missingThreadObjectIsAWarningInEveryCommand() throws Exception {
        SubRecord thread = rootTarget(HprofStructure.ROOT_THREAD_OBJ);
        String address = "0x" + Long.toHexString(structure.id(thread.offset() + 1));
        warns(write("threadless", without(thread)), "the dump lacks the thread object that a thread root points to: "
                + address);
    }

    @Test
    void missingFrameLocalIsAWarningInEveryCommand() throws Exception {
        SubRecord local = rootTarget(HprofStructure.ROOT_JAVA_FRAME);
        String address = "0x" + Long.toHexString(structure.id(local.offset() + 1));
        warns(write("localless", without(local)), "that locals of the thread");
        CliRun run = run("analyze", work.resolve("localless.hprof"), "-f", "json", "-q");
        assertTrue(run.out().contains(address), "the warning names the missing object " + address);
    }

    @Test
    void classWithoutLoadClassIsAWarning() throws Exception {
        HprofStructure.Record load = structure.records.stream().filter(r -> r.tag() == 0x02).skip(50).findFirst()
                .orElseThrow();
        byte[] bad = new byte[dump.length - load.length() - 9];
        System.arraycopy(dump, 0, bad, 0, load.offset());
        System.arraycopy(dump, load.end(), bad, load.offset(), dump.length - load.end());
        String address = "0x" + Long.toHexString(structure.id(load.bodyOffset() + 4));
        warns(write("unnamed", bad), "the dump has no LOAD CLASS record, so no name, for one class it dumps ("
                + address);
    }
}
