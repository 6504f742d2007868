package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the progress display writes in each mode, with a clock the test moves: one fraction for the whole run. */
class ProgressTest {
    private final AtomicLong clock = new AtomicLong();
    private final StringWriter out = new StringWriter();

    private Progress progress(Progress.Mode mode) {
        return progress(mode, List.of());
    }

    private Progress progress(Progress.Mode mode, List<String> detectors) {
        return new Progress(new PrintWriter(out, true), mode, clock::get, detectors);
    }

    private void seconds(double s) {
        clock.set((long) (s * 1e9));
    }

    @Test
    void logModeWritesAPlainLinePerPhaseEveryTenPercentAndTheEnd() {
        Progress p = progress(Progress.Mode.LOG, List.of("unclosed-fd", "leak-suspects"));
        p.accept("loading app.hprof");
        seconds(1);
        p.accept("parsing: pass 1 of 2");
        p.fraction(0.5, 0.02);
        seconds(11);
        p.fraction(0.9, 0.11);
        p.fraction(0.95, 0.12); // no new line below the next 10%
        seconds(21);
        p.fraction(0.5, 0.23);
        seconds(40);
        p.fraction(1, 1);
        p.detector("unclosed-fd");
        p.detector("leak-suspects");
        p.tables();
        p.finish();
        String log = out.toString();
        assertFalse(log.contains("\r"), "no carriage return in a log");
        assertEquals("""
                heaptriage: [0.0 s] 0% loading app.hprof
                heaptriage: [1.0 s] 0% parsing: pass 1 of 2
                heaptriage: [11.0 s] 10% · about 1 min 28 s left
                heaptriage: [21.0 s] 20% · about 1 min 14 s left
                heaptriage: [40.0 s] 90% · about 3 s left
                heaptriage: [40.0 s] 93% detector unclosed-fd
                heaptriage: [40.0 s] 93% detector leak-suspects
                heaptriage: [40.0 s] 99% thread and class tables
                heaptriage: [40.0 s] 100% done
                """, log);
    }

    @Test
    void oneFractionForTheWholeRunThatNeverGoesBack() {
        Progress p = progress(Progress.Mode.LOG, List.of("retained-slice", "leak-suspects", "parked-threads"));
        p.fraction(1, 0.5);
        assertEquals(0.93 * 0.5, p.runFraction(), 1e-9, "the load is 93% of an analysis");
        p.fraction(0.1, 0.2);
        assertEquals(0.93 * 0.5, p.runFraction(), 1e-9, "never back");
        p.fraction(1, 1);
        p.detector("retained-slice");
        assertEquals(0.93, p.runFraction(), 1e-9);
        p.detector("leak-suspects");
        assertEquals(0.93 + 0.06 * 3.3 / 12.4, p.runFraction(), 1e-9, "weighted by each detector's usual cost");
        p.detector("parked-threads");
        assertEquals(0.93 + 0.06 * 12.1 / 12.4, p.runFraction(), 1e-9);
        p.tables();
        p.finish();
        assertEquals(1.0, p.runFraction(), 1e-9);
        Progress tables = progress(Progress.Mode.LOG, List.of());
        tables.fraction(1, 1);
        assertEquals(0.97, tables.runFraction(), 1e-9, "threads and histogram: the load, then the tables");
    }

    @Test
    void terminalLineShowsOneBarPercentagePhaseClockAndTimeLeft() {
        Progress p = progress(Progress.Mode.TERMINAL, List.of("unclosed-fd"));
        p.accept("parsing: pass 2 of 2");
        p.fraction(0.47, 0.01);
        seconds(2);
        p.fraction(0.47, 0.25);
        seconds(12.34);
        // 25% of the load is 23.25% of the run; 12.34 s for it leaves 12.34 × 0.7675 / 0.2325 = 40.7 s.
        assertEquals("[  12.3 s] [####----------------]  23% parsing: pass 2 of 2 · about 41 s left", p.status());
        p.finish();
        assertTrue(out.toString().contains("[####################] 100% done"), "the last frame is 100%: " + out);
        assertTrue(out.toString().endsWith("\r\033[K"), "the line is cleared before the report");
    }

    @Test
    void offModeWritesNothing() {
        Progress p = progress(Progress.Mode.OFF);
        p.accept("loading");
        p.fraction(0.5, 0.5);
        p.clear();
        assertEquals("", out.toString());
    }

    @Test
    void durations() {
        assertEquals("59 s", Progress.duration(59.4));
        assertEquals("1 min 5 s", Progress.duration(65));
        assertEquals("2 h 3 min", Progress.duration(7380));
    }
}
