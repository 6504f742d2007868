package dev.heaptriage.bench;

import dev.heaptriage.render.Renderer;
import dev.heaptriage.render.Renderers;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ReportStore;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

/** Times each renderer on the report the analysis cache holds (the renderers' share of an analysis). */
final class RenderTiming {
    private RenderTiming() {
    }

    static String measure(Path indexDir) throws IOException {
        Path cached;
        try (var files = Files.walk(indexDir, 2)) {
            cached = files.filter(p -> p.getFileName().toString().startsWith("analysis-")).findFirst().orElse(null);
        }
        Report report = cached == null ? null : ReportStore.fromBytes(Files.readAllBytes(cached), null).orElse(null);
        if (report == null) {
            return "no cached report found";
        }
        StringJoiner out = new StringJoiner(", ");
        for (Renderer r : Renderers.all()) {
            r.render(report, new StringWriter()); // warm up
            long start = System.nanoTime();
            int n = 20;
            for (int i = 0; i < n; i++) {
                r.render(report, new StringWriter());
            }
            out.add(String.format(Locale.ROOT, "%s %.2f ms", r.name(), (System.nanoTime() - start) / 1e6 / n));
        }
        return out.toString();
    }
}
