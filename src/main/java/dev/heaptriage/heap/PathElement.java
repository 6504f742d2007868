package dev.heaptriage.heap;

import java.util.List;

/**
 * One step of a path to a GC root (see {@link HeapView#pathToGcRoot}): an object (or, for a static holder, a class,
 * with {@code address} 0), how it holds the step before it ({@code via}, {@link Ref#NONE} for the first step), and
 * for the last step the kinds of GC root it is ({@code roots}, empty elsewhere). Data only: no layer parses prose.
 */
public record PathElement(int objectId, String className, long address, Ref via, List<GcRoot> roots) {
    public PathElement {
        roots = roots == null ? List.of() : List.copyOf(roots);
    }

    /** True when this step is a class (its static field holds the step before it). */
    public boolean isClass() {
        return via.kind() == Ref.Kind.STATIC_FIELD;
    }
}
