package dev.heaptriage.report;

import java.util.List;

/**
 * The dominator tree from the top ({@code heaptriage top}): the objects that retain most of the heap, each with the
 * objects it dominates to a chosen depth, and the same top level grouped by class, package and class loader.
 * {@code analyze} stores one with the overview tables, so {@code top} after it needs no parse.
 *
 * @param usedHeapBytes the heap the shares are of
 * @param depth         how many levels below the top each node was expanded to (1: the top level only)
 * @param nodes         the top level (or, for {@code --under}, the children of one object), by retained bytes
 * @param groups        the whole top level of the dominator tree grouped by {@code class}, {@code package} and
 *                      {@code loader} (key: the grouping), each by retained bytes; empty below the top
 */
public record TopTable(long usedHeapBytes, int depth, List<Node> nodes, java.util.Map<String, List<Group>> groups) {
    public TopTable {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        groups = groups == null ? java.util.Map.of() : java.util.Map.copyOf(groups);
    }

    /**
     * One object of the dominator tree.
     *
     * @param objectId      its address as evidence prints it ({@code 0x7ff001200})
     * @param className     its class ({@code class com.acme.Cache} for a class mirror, whose statics it holds)
     * @param shallowBytes  its own size
     * @param retainedBytes what it alone keeps alive
     * @param owner         the owner in application code (top level only; null below)
     * @param ownerThread   the thread the owner names, if any (dump contents: redaction replaces it)
     * @param pathToGcRoot  its shortest path from a GC root, object first (top level only; empty below)
     * @param children      the objects it dominates that retain most, to the table's depth
     * @param moreChildren  how many objects it dominates beyond {@code children}
     */
    public record Node(String objectId, String className, long shallowBytes, long retainedBytes, String owner,
                       String ownerThread, List<PathStep> pathToGcRoot, List<Node> children, int moreChildren) {
        public Node {
            pathToGcRoot = pathToGcRoot == null ? List.of() : List.copyOf(pathToGcRoot);
            children = children == null ? List.of() : List.copyOf(children);
        }

        /** This node with its thread names and its subtree's replaced by {@code <redacted:N chars>}. */
        public Node redacted() {
            String o = owner;
            if (ownerThread != null && dev.heaptriage.text.DumpString.isJdkThreadName(ownerThread)) {
                return new Node(objectId, className, shallowBytes, retainedBytes, o, ownerThread,
                        pathToGcRoot.stream().map(TopTable::redactStep).toList(),
                        children.stream().map(Node::redacted).toList(), moreChildren);
            }
            if (o != null && ownerThread != null) {
                o = o.replace("'" + ownerThread + "'", "'" + Report.redact(ownerThread) + "'");
            }
            return new Node(objectId, className, shallowBytes, retainedBytes, o, Report.redact(ownerThread),
                    pathToGcRoot.stream().map(TopTable::redactStep).toList(),
                    children.stream().map(Node::redacted).toList(), moreChildren);
        }
    }

    /**
     * Top-level objects of one class, package or loader together.
     *
     * @param name          the class, package ({@code (default package)}) or loader ({@code <bootstrap>}, else its
     *                      class and address)
     * @param objects       how many top-level objects
     * @param shallowBytes  their own sizes
     * @param retainedBytes what they retain together
     */
    public record Group(String name, long objects, long shallowBytes, long retainedBytes) {
    }

    /** This table with dump strings replaced (thread names in owners and paths). */
    public TopTable redacted() {
        return new TopTable(usedHeapBytes, depth, nodes.stream().map(Node::redacted).toList(), groups);
    }

    /** Path steps carry thread names in their roots (dump contents); classes, fields and frames are code. */
    public static PathStep redactStep(PathStep step) {
        return step.redacted();
    }
}
