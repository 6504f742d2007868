package dev.heaptriage.render;

import dev.heaptriage.report.Severity;
import java.util.Locale;

/**
 * The one place that maps {@link Severity} to each format's vocabulary, so the formats cannot drift apart.
 * JSON needs no entry: it uses {@link Severity#id()} through the model's {@code @JsonValue}.
 */
final class SeverityLabels {

    private SeverityLabels() {
    }

    /** Upper-case word for the text report and headings, e.g. {@code HIGH}. */
    static String text(Severity severity) {
        return severity.name().toUpperCase(Locale.ROOT);
    }

    /** Markdown: the upper-case word, bold from {@code HIGH} up so the urgent rows stand out in a table. */
    static String markdown(Severity severity) {
        return severity.atLeast(Severity.HIGH) ? "**" + text(severity) + "**" : text(severity);
    }

    /** HTML: the CSS class that colours the severity badge; the page's style sheet defines one per level. */
    static String htmlClass(Severity severity) {
        return "sev-" + severity.id();
    }

    /** HTML: the colour of a level (badges, the heap chart's bars); the style sheet's rules come from it. */
    static String htmlColor(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "#82071e";
            case HIGH -> "#cf222e";
            case MEDIUM -> "#9a6700";
            case LOW -> "#0969da";
            case INFO -> "#59636e";
        };
    }

    /**
     * SARIF {@code level}: {@code error} from high up (a leak that exhausts memory or descriptors), {@code warning}
     * for medium, {@code note} for low and info.
     */
    static String sarif(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** JUnit: a failure's {@code type}, the lower-case level ({@code high}). */
    static String junit(Severity severity) {
        return severity.id();
    }
}
