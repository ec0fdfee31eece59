package io.pushforwarder.exposition;

/**
 * The series of one body, to find duplicates: a series is its sample name and its label set, in any order, with
 * labels of empty value left out, as Prometheus does ({@code a{x=""}} is {@code a}). The gateway would push such
 * a pair, and Prometheus would then drop one of the two samples on every scrape.
 *
 * <p>A series is kept as a 128-bit hash (two 64-bit hashes of different multipliers) rather than as bytes, so that
 * checking a series allocates nothing. If the hashes behave as random functions, two distinct series of one body
 * share both with a probability below n^2 / 2^129, about 10^-29 for 200,000 series; such a collision would refuse a
 * body, never let a duplicate pass.
 */
final class SeriesSet {

    private static final long MULTIPLIER_A = 0x9e3779b97f4a7c15L;
    private static final long MULTIPLIER_B = 0xc2b2ae3d27d4eb4fL;

    private long[] hashA = new long[1024];
    private long[] hashB = new long[1024];
    /** The line of each series, 0 for a free slot. */
    private int[] lines = new int[1024];
    private int size;

    private long labelSumA;
    private long labelSumB;
    /** The two results of {@link #hashTwoLanes}. */
    private long laneA;
    private long laneB;

    /** Starts the label set of the next series. */
    void startLabels() {
        labelSumA = 0;
        labelSumB = 0;
    }

    /** Adds one label; labels commute, so their order does not matter. */
    void addLabel(byte[] b, int nameStart, int nameEnd, byte[] v, int valueStart, int valueEnd) {
        hashTwoLanes(b, nameStart, nameEnd, MULTIPLIER_A, MULTIPLIER_B);
        // the lengths end each part, so name and value cannot trade bytes
        long a = laneA ^ ((long) (nameEnd - nameStart) << 32);
        long c = laneB ^ ((long) (nameEnd - nameStart) << 32);
        hashTwoLanes(v, valueStart, valueEnd, a, c);
        labelSumA += WordAtATime.mix(laneA ^ (valueEnd - valueStart));
        labelSumB += WordAtATime.mix(laneB ^ (valueEnd - valueStart));
    }

    /** Both hashes of [from, to) in one pass over the bytes, continuing from the given states. */
    private void hashTwoLanes(byte[] b, int from, int to, long a, long c) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = WordAtATime.word(b, i);
            a = WordAtATime.step(a, word, MULTIPLIER_A);
            c = WordAtATime.step(c, word, MULTIPLIER_B);
        }
        long tail = WordAtATime.tail(b, i, to);
        laneA = WordAtATime.step(a, tail, MULTIPLIER_A);
        laneB = WordAtATime.step(c, tail, MULTIPLIER_B);
    }

    /**
     * Adds the series of this name and the labels given since {@link #startLabels}.
     *
     * @return 0, or the line of the earlier series that this one repeats
     */
    int add(byte[] b, int nameStart, int nameEnd, int line) {
        hashTwoLanes(b, nameStart, nameEnd, MULTIPLIER_A, MULTIPLIER_B);
        long a = WordAtATime.mix(WordAtATime.mix(laneA ^ (nameEnd - nameStart)) ^ labelSumA);
        long c = WordAtATime.mix(WordAtATime.mix(laneB ^ (nameEnd - nameStart)) ^ labelSumB);
        int mask = lines.length - 1;
        for (int slot = (int) a & mask; ; slot = (slot + 1) & mask) {
            if (lines[slot] == 0) {
                hashA[slot] = a;
                hashB[slot] = c;
                lines[slot] = line;
                if (++size * 4 > lines.length * 3) {
                    grow();
                }
                return 0;
            }
            if (hashA[slot] == a && hashB[slot] == c) {
                return lines[slot];
            }
        }
    }

    private void grow() {
        long[] oldA = hashA;
        long[] oldB = hashB;
        int[] oldLines = lines;
        int capacity = oldLines.length * 2;
        hashA = new long[capacity];
        hashB = new long[capacity];
        lines = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldLines.length; i++) {
            if (oldLines[i] != 0) {
                int slot = (int) oldA[i] & mask;
                while (lines[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hashA[slot] = oldA[i];
                hashB[slot] = oldB[i];
                lines[slot] = oldLines[i];
            }
        }
    }
}
