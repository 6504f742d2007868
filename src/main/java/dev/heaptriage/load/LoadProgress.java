package dev.heaptriage.load;

import java.util.function.Consumer;

/**
 * Told what loading is doing: each phase as words ({@link #accept}), and how far along it is. A plain
 * {@code Consumer<String>} gets the phases only.
 */
public interface LoadProgress extends Consumer<String> {
    /**
     * How far the current phase and the whole load are, each from 0 to 1; {@code phase} is negative when the phase
     * gives no measure of its own (it moves by steps, or not at all).
     */
    void fraction(double phase, double overall);
}
