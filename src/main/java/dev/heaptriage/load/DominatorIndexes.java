package dev.heaptriage.load;

import dev.heaptriage.index.DominatorTree;
import org.eclipse.mat.parser.index.IIndexReader;
import org.eclipse.mat.parser.index.IndexManager;

/**
 * {@link DominatorTree} as MAT's three dominator indexes, registered before the snapshot is made (its constructor
 * turns its dominator queries on when all three exist) and filled once the tree is computed. The encodings are
 * MAT's: {@code DOMINATOR} holds the immediate dominator's id plus 2 (1 for the virtual root, 0 for none);
 * {@code DOMINATED} is keyed by id plus 1 (0 for the virtual root); {@code O2RETAINED} holds retained sizes.
 */
final class DominatorIndexes {
    private DominatorTree tree;

    void register(IndexManager manager) {
        manager.setReader(IndexManager.Index.DOMINATOR, new Dominator());
        manager.setReader(IndexManager.Index.DOMINATED, new Dominated());
        manager.setReader(IndexManager.Index.O2RETAINED, new Retained());
    }

    void set(DominatorTree computed) {
        this.tree = computed;
    }

    private DominatorTree tree() {
        if (tree == null) {
            throw new IllegalStateException("the dominator tree is not computed yet");
        }
        return tree;
    }

    private abstract static class InMemory implements IIndexReader {
        @Override
        public void unload() {
        }

        @Override
        public void close() {
        }

        @Override
        public void delete() {
        }
    }

    private final class Dominator extends InMemory implements IIndexReader.IOne2OneIndex {
        @Override
        public int get(int id) {
            int d = tree().immediateDominator(id);
            return d == DominatorTree.UNREACHED ? 0 : d + 2;
        }

        @Override
        public int[] getAll(int[] ids) {
            int[] out = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = get(ids[i]);
            }
            return out;
        }

        @Override
        public int[] getNext(int id, int length) {
            int[] out = new int[length];
            for (int i = 0; i < length; i++) {
                out[i] = get(id + i);
            }
            return out;
        }

        @Override
        public int size() {
            return tree().size();
        }
    }

    private final class Dominated extends InMemory implements IIndexReader.IOne2ManyIndex {
        @Override
        public int[] get(int key) {
            return tree().dominated(key - 1);
        }

        @Override
        public int size() {
            return tree().size() + 1;
        }
    }

    private final class Retained extends InMemory implements IIndexReader.IOne2LongIndex {
        @Override
        public long get(int id) {
            return tree().retained(id);
        }

        @Override
        public int reverse(long value) {
            throw new UnsupportedOperationException("retained sizes are not searched by value");
        }

        @Override
        public long[] getNext(int id, int length) {
            long[] out = new long[length];
            for (int i = 0; i < length; i++) {
                out[i] = tree().retained(id + i);
            }
            return out;
        }

        @Override
        public int size() {
            return tree().size();
        }
    }
}
