package dev.heaptriage.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The fixed header of an HPROF file: {@code "JAVA PROFILE 1.0.x\0"}, u4 identifier size, u8 milliseconds since
 * the epoch. {@link #read} accepts only what MAT's core can parse (1.0.1 and 1.0.2 with 4- or 8-byte ids) and names
 * every other format it recognises.
 */
record HprofHeader(String format, int identifierSize, Instant createdAt, int length) {

    private static final int MAX_MAGIC = 32;

    /** Reads and validates the header from the start of {@code in}; {@code what} names the file in messages. */
    static HprofHeader read(InputStream in, String what) throws IOException, DumpException {
        byte[] head = in.readNBytes(MAX_MAGIC + 12);
        if (head.length == 0) {
            throw new DumpException("file is empty " + what + "; expected an HPROF heap dump");
        }
        int nul = -1;
        for (int i = 0; i < Math.min(head.length, MAX_MAGIC); i++) {
            if (head[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0 && head.length < MAX_MAGIC
                && "JAVA PROFILE 1.0.2".startsWith(new String(head, StandardCharsets.ISO_8859_1))) {
            throw new DumpException("truncated dump " + what + ": the file ends inside the HPROF header (" + head.length
                    + " bytes; expected 'JAVA PROFILE 1.0.2', an identifier size and a timestamp)");
        }
        String magic = nul < 0 ? null : new String(head, 0, nul, StandardCharsets.ISO_8859_1);
        if (magic == null || !magic.startsWith("JAVA PROFILE ")) {
            throw new DumpException("not an HPROF heap dump " + what + ": expected the header 'JAVA PROFILE 1.0.2' but "
                    + "found " + describeStart(head));
        }
        if (magic.equals("JAVA PROFILE 1.0.3")) {
            throw new DumpException("unsupported dump " + what + ": this is an Android heap dump (JAVA PROFILE 1.0.3); "
                    + "convert it with 'hprof-conv in.hprof out.hprof' from the Android SDK and analyse the result");
        }
        if (!magic.equals("JAVA PROFILE 1.0.1") && !magic.equals("JAVA PROFILE 1.0.2")) {
            throw new DumpException("unsupported HPROF version " + what + ": expected 'JAVA PROFILE 1.0.1' or "
                    + "'JAVA PROFILE 1.0.2' but found '" + printable(magic) + "'");
        }
        int length = nul + 1 + 12;
        if (head.length < length) {
            throw new DumpException("truncated dump " + what + ": the file ends inside the HPROF header ("
                    + head.length + " bytes; a header is " + length + ")");
        }
        int idSize = ((head[nul + 1] & 0xff) << 24) | ((head[nul + 2] & 0xff) << 16) | ((head[nul + 3] & 0xff) << 8)
                | (head[nul + 4] & 0xff);
        if (idSize != 4 && idSize != 8) {
            throw new DumpException("unsupported identifier size " + what + ": expected 4 or 8 bytes but the header says "
                    + Integer.toUnsignedString(idSize));
        }
        long millis = 0;
        for (int i = 0; i < 8; i++) {
            millis = (millis << 8) | (head[nul + 5 + i] & 0xff);
        }
        Instant created = millis > 0 ? Instant.ofEpochMilli(millis) : null;
        return new HprofHeader(magic, idSize, created, length);
    }

    /** Names what a non-HPROF file starts with, so the user knows what they gave us. */
    static String describeStart(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return "gzip data";
        }
        String ascii = new String(head, StandardCharsets.ISO_8859_1);
        if (ascii.contains("portable heap dump")) {
            return "an IBM portable heap dump (PHD); open it with Eclipse MAT and the IBM DTFJ adapter";
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "a zip archive; unzip it first";
        }
        if (ascii.startsWith("\u007fELF")) {
            return "an ELF core file; convert it with 'jhsdb jmap --binaryheap --core FILE --exe java'";
        }
        int printable = 0;
        for (byte b : head) {
            if (b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t') {
                printable++;
            }
        }
        if (printable == head.length) {
            String first = ascii.lines().findFirst().orElse("").strip();
            return "text starting '" + printable(first.length() > 24 ? first.substring(0, 24) + "…" : first) + "'";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, head.length); i++) {
            hex.append(String.format("%02x", head[i] & 0xff));
        }
        return "binary data starting 0x" + hex;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    static void readFully(InputStream in, byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n < buf.length) {
            throw new EOFException();
        }
    }
}
