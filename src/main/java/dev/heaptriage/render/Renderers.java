package dev.heaptriage.render;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The one registry of output formats; it drives {@code --format} and its help text. */
public final class Renderers {

    private static final List<Renderer> ALL = Stream.<Renderer>of(
                    new JsonRenderer(), new TextRenderer(), new MarkdownRenderer(), new HtmlRenderer(),
                    new SarifRenderer(), new JunitRenderer())
            .sorted(Comparator.comparing(Renderer::name))
            .toList();

    private Renderers() {
    }

    /** Every renderer, sorted by {@link Renderer#name()}; the list is immutable. */
    public static List<Renderer> all() {
        return ALL;
    }

    /**
     * The renderer called {@code name}, compared case-insensitively after trimming; empty for an unknown or
     * null name (the caller reports the error, listing {@link #names()}).
     */
    public static Optional<Renderer> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(r -> r.name().equals(wanted)).findFirst();
    }

    /** The names of {@link #all()}, in the same (sorted) order. */
    public static List<String> names() {
        return ALL.stream().map(Renderer::name).toList();
    }
}
