package dev.heaptriage.heap;

/**
 * One step of a path to a GC root (see {@link HeapView#pathToGcRoot}). {@code via} says how this step holds the
 * step before it: {@code .field}, {@code [index]}, {@code .field (static)}; empty for the first step.
 * {@code root} is the GC root kind when this step is a root (e.g. {@code local of thread 'main' in Main.run}),
 * else empty. {@code address} is 0 for a class (static holder).
 */
public record PathElement(int objectId, String className, long address, String via, String root) {
}
