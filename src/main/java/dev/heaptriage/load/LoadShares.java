package dev.heaptriage.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The load's progress as one fraction of the whole load: the preparation a dump needs before parsing
 * (decompressing it, checking its records) takes a share estimated from its kind, and the parser's own fractions fill
 * the rest. What the parser ({@link MatProgress}, or an engine of our own) reports through this keeps the
 * {@link LoadProgress} contract: phase words, and fractions from 0 to 1 of the phase and of the load.
 */
final class LoadShares implements LoadProgress {
    /**
     * The share of a load that decompressing takes, by codec: decoding speed against parsing speed (MAT parses a few
     * MB a second; gzip decodes a few hundred, zstd about a GB, xz about a hundred, bzip2 a few tens).
     */
    static double decompressShare(Compression c) {
        return switch (c) {
            case NONE -> 0;
            case GZIP -> 0.04;
            case ZSTD -> 0.02;
            case XZ -> 0.08;
            case BZIP2 -> 0.2;
        };
    }

    /** Checking the records (and counting the objects) reads the file once, about a fiftieth of what parsing takes. */
    static final double CHECK_SHARE = 0.02;

    private final Consumer<String> words;
    private final LoadProgress fractions;
    private double prepared;
    private double current;

    LoadShares(Consumer<String> progress) {
        this.words = progress;
        this.fractions = progress instanceof LoadProgress lp ? lp : null;
    }

    @Override
    public void accept(String phase) {
        words.accept(phase);
    }

    /** Parser fractions: {@code overall} is the parse's own, placed after the preparation. */
    @Override
    public void fraction(double phase, double overall) {
        if (fractions != null) {
            fractions.fraction(phase, Math.min(1, prepared + (1 - prepared) * Math.max(0, Math.min(1, overall))));
        }
    }

    /** A preparation phase starts; it takes {@code share} of the load. */
    void prepare(String phase, double share) {
        current = Math.max(0, Math.min(1 - prepared, share));
        words.accept(phase);
        preparing(0);
    }

    /** How far the preparation phase is. */
    void preparing(double f) {
        if (fractions != null) {
            double g = Math.max(0, Math.min(1, f));
            fractions.fraction(g, prepared + current * g);
        }
    }

    /** The preparation phase is done; the parse's fractions start after it. */
    void prepared() {
        prepared += current;
        current = 0;
    }

    /** {@code in}, telling {@link #preparing} how much of its {@code total} bytes have been read, every 4 MiB. */
    InputStream counting(InputStream in, long total) {
        return new FilterInputStream(in) {
            private long read;
            private long told;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = super.skip(n);
                advance(Math.max(0, s));
                return s;
            }

            private void advance(long n) {
                read += n;
                if (read - told >= 4 << 20 && total > 0) {
                    told = read;
                    preparing((double) read / total);
                }
            }
        };
    }
}
