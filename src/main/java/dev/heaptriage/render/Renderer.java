package dev.heaptriage.render;

import dev.heaptriage.report.Report;
import java.io.IOException;
import java.io.Writer;

/**
 * Turns a {@link Report} into one output format. Implementations only format: every number, label and order
 * they print is already in the report, so all formats of one analysis agree.
 *
 * <p>Implementations are stateless and thread-safe; {@link Renderers} holds one instance of each.
 */
public interface Renderer {

    /** The stable format name used by {@code --format} (e.g. {@code json}); lower case. */
    String name();

    /** The usual file name extension for this format, without the dot (e.g. {@code md}). */
    String fileExtension();

    /**
     * Writes the complete report to {@code out} and flushes it. Never closes {@code out}. Lines end with
     * {@code \n} on every platform, so output is byte-for-byte reproducible.
     *
     * @throws IOException only when {@code out} fails; the report itself is always renderable
     */
    void render(Report report, Writer out) throws IOException;
}
