package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the progress display writes in each mode, with a clock the test moves. */
class ProgressTest {
    private final AtomicLong clock = new AtomicLong();
    private final StringWriter out = new StringWriter();

    private Progress progress(Progress.Mode mode) {
        return new Progress(new PrintWriter(out, true), mode, clock::get);
    }

    private void seconds(double s) {
        clock.set((long) (s * 1e9));
    }

    @Test
    void logModeWritesAPlainLinePerPhaseAndEveryTenPercent() {
        Progress p = progress(Progress.Mode.LOG);
        p.accept("loading app.hprof");
        seconds(1);
        p.accept("parsing: pass 1 of 2");
        p.fraction(0.5, 0.02);
        seconds(11);
        p.fraction(0.9, 0.10);
        p.fraction(0.95, 0.12); // no new line below the next 10%
        seconds(21);
        p.fraction(0.5, 0.25);
        String log = out.toString();
        assertFalse(log.contains("\r"), "no carriage return in a log");
        assertEquals("""
                heaptriage: [0.0 s] loading app.hprof
                heaptriage: [1.0 s] parsing: pass 1 of 2
                heaptriage: [11.0 s] 10% loaded · about 1 min 30 s left
                heaptriage: [21.0 s] 20% loaded · about 1 min 0 s left
                """, log);
    }

    @Test
    void terminalLineShowsPhasePercentageClockAndTimeLeft() {
        Progress p = progress(Progress.Mode.TERMINAL);
        p.accept("parsing: pass 2 of 2 (objects and references)");
        p.fraction(0.47, 0.01);
        seconds(2);
        p.fraction(0.47, 0.25);
        seconds(12.34);
        assertEquals("[  12.3 s] parsing: pass 2 of 2 (objects and references) · 47% · about 37 s left", p.status());
        p.clear();
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
