package dev.heaptriage.report;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One step of a path from an object to a GC root. The first step is the object itself; every later step is
 * the holder of the step before it, with {@code via} naming how it holds it: {@code .field}, {@code [index]},
 * {@code .field (static)}, or for a root the root kind (e.g. {@code (thread 'main' local)}).
 *
 * @param className the holder's class (for a static holder: the class that declares the field)
 * @param address   the holder's address in the dump, or 0 for a class
 * @param via       how this step references the step before it; empty for the first step
 * @param simpleName {@link #className} without its package, for compact text
 */
public record PathStep(String className, long address, String via, String simpleName) {

    /** The contract form of DESIGN.md §3, e.g. {@code java.util.ArrayList @0x7ff000080 .elementData}. */
    @JsonValue
    public String text() {
        StringBuilder sb = new StringBuilder(className);
        if (address != 0) {
            sb.append(" @0x").append(Long.toHexString(address));
        }
        if (!via.isEmpty()) {
            sb.append(' ').append(via);
        }
        return sb.toString();
    }

    /** A compact form for the text report: {@code ArrayList.elementData}, {@code Object[17]}, {@code Cache.files}. */
    public String compact() {
        if (via.isEmpty()) {
            return simpleName;
        }
        if (via.startsWith("[")) {
            return simpleName.endsWith("[]") ? simpleName.substring(0, simpleName.length() - 1) + via.substring(1)
                    : simpleName + via;
        }
        if (via.startsWith(".")) {
            String field = via.endsWith(" (static)") ? via.substring(0, via.length() - " (static)".length()) : via;
            return simpleName + field;
        }
        return simpleName + " " + via;
    }

    public PathStep withClassName(String newClassName, String newSimpleName) {
        return new PathStep(newClassName, address, via, newSimpleName);
    }
}
