package dev.heaptriage.scenarios;

/**
 * {@link FinalizerCycles} with the cycles dropped just before the dump (which keeps garbage): every pair is held only
 * by the Finalizers of its two objects. What to observe: one {@code finalizer-backlog} cycle finding of
 * {@value FinalizerCycles#PAIRS} * 2 objects, low; the loners are not in a cycle.
 */
public final class FinalizerDeadCycles {
    public static void main(String[] args) throws Exception {
        FinalizerCycles.main(new String[] {args[0], "dropped"});
    }
}
