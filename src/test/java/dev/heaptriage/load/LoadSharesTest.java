package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Preparation (decompressing, counting) and the parse report as shares of one load fraction that only grows. */
class LoadSharesTest {
    private static final class Recorder implements LoadProgress {
        final List<String> phases = new ArrayList<>();
        final List<Double> overall = new ArrayList<>();

        @Override
        public void accept(String s) {
            phases.add(s);
        }

        @Override
        public void fraction(double phase, double whole) {
            overall.add(whole);
        }
    }

    @Test
    void decompressingTakesItsShareAndTheParseTheRest() throws Exception {
        Recorder r = new Recorder();
        LoadShares shares = new LoadShares(r);
        double share = LoadShares.decompressShare(Compression.BZIP2);
        shares.prepare("decompressing", share);
        byte[] data = new byte[10 << 20];
        try (InputStream in = shares.counting(new ByteArrayInputStream(data), data.length)) {
            in.readAllBytes();
        }
        assertTrue(r.overall.size() >= 3, "it reports while it reads: " + r.overall);
        assertEquals(share * 0.8, r.overall.get(r.overall.size() - 1), 0.01, "8 of 10 MiB read when last told");
        shares.prepared();
        shares.fraction(1, 0);
        assertEquals(share, r.overall.get(r.overall.size() - 1), 1e-9, "the parse starts where decompressing ended");
        shares.fraction(1, 0.5);
        assertEquals(share + (1 - share) * 0.5, r.overall.get(r.overall.size() - 1), 1e-9);
        shares.fraction(1, 1);
        assertEquals(1.0, r.overall.get(r.overall.size() - 1), 1e-9);
        double last = 0;
        for (double d : r.overall) {
            assertTrue(d >= last - 1e-12, "never back: " + r.overall);
            last = d;
        }
        assertEquals(List.of("decompressing"), r.phases);
    }

    @Test
    void anUncompressedDumpIsAllParse() {
        Recorder r = new Recorder();
        LoadShares shares = new LoadShares(r);
        assertEquals(0, LoadShares.decompressShare(Compression.NONE));
        shares.fraction(0.3, 0.25);
        assertEquals(List.of(0.25), r.overall);
    }
}
