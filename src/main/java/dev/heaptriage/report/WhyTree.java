package dev.heaptriage.report;

import java.util.List;

/**
 * Why objects are alive ({@code heaptriage why}): the shortest path from a GC root to each target, merged from the
 * root side into a tree whose nodes are one step each (a class and the field or array that holds the next step), with
 * how many targets' paths pass there and what those targets retain.
 *
 * @param target         what was asked: an object id or a class name
 * @param targets        how many objects the target is (instances of the class)
 * @param retainedBytes  what they retain together (each its own retained size)
 * @param paths          how many of their paths were merged ({@code --max-paths}, largest retained first)
 * @param notLive        targets only the finalizer or a cleaner holds (a final or phantom reference's referent): left
 *                       out of the tree unless {@code --include-weak}
 * @param roots          the tree, one node per distinct first step, largest count first
 */
public record WhyTree(String target, long targets, long retainedBytes, long paths, long notLive, List<Node> roots) {
    public WhyTree {
        roots = roots == null ? List.of() : List.copyOf(roots);
    }

    /**
     * One merged step.
     *
     * @param step          the step as the report's compact path shows it ({@code HashMap.table}, {@code Cache.ENTRIES
     *                      (system class)}); array slots merged into {@code Node[]}
     * @param className     the class of the step's objects (for a static field: the class that declares it)
     * @param count         paths that pass through it
     * @param retainedBytes what the targets of those paths retain
     * @param application   true for the first step of the path in application code (the owner)
     * @param chain         true when some paths pass this step several times in a row (a linked list, a hash
     *                      bucket, a chain of finalizers), merged into one
     * @param children      the next steps
     */
    public record Node(String step, String className, long count, long retainedBytes, boolean application,
                       boolean chain, List<Node> children) {
        public Node {
            children = children == null ? List.of() : List.copyOf(children);
        }
    }
}
