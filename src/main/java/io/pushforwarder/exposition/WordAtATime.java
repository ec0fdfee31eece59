package io.pushforwarder.exposition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte scans that run over every byte of a body, eight bytes per step: finding a byte, checking for ASCII,
 * and hashing. They carry the validator's speed; everything else looks at a byte only where the grammar must.
 */
final class WordAtATime {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private WordAtATime() {
    }

    /** The index of the first {@code target} in [from, to), or -1. */
    static int indexOf(byte[] b, int from, int to, byte target) {
        long pattern = ONES * (target & 0xff);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            // the lowest high bit marks the first zero byte of x, the first match; higher ones may be false
            long zeros = (x - ONES) & ~x & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return -1;
    }

    static boolean isAscii(byte[] b, int from, int to) {
        long high = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            high |= (long) LONGS.get(b, i);
        }
        for (; i < to; i++) {
            high |= b[i];
        }
        return (high & HIGH_BITS) == 0;
    }

    /**
     * A 64-bit hash of [from, to); {@code multiplier} (odd) selects one of independent-looking hash functions.
     * The length is mixed in, so ranges that differ only by trailing zero bytes differ.
     */
    static long hash(byte[] b, int from, int to, long multiplier) {
        long h = multiplier;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = step(h, word(b, i), multiplier);
        }
        return mix(step(h, tail(b, i, to), multiplier) ^ (to - from));
    }

    /** One step of {@link #hash}; the two-lane hash of {@link SeriesSet} uses it too. */
    static long step(long h, long word, long multiplier) {
        return Long.rotateLeft((h ^ word) * multiplier, 29);
    }

    /** Eight bytes from {@code i}, the first in the lowest byte. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The fewer than eight bytes [from, to) as a word, the first in the lowest byte, zeros above. */
    static long tail(byte[] b, int from, int to) {
        int count = to - from;
        if (count == 0) {
            return 0;
        }
        if (to >= Long.BYTES) {
            // one read of the eight bytes ending at `to`, shifted down: cheaper than a loop over the bytes
            return (long) LONGS.get(b, to - Long.BYTES) >>> (Long.SIZE - count * Byte.SIZE);
        }
        long tail = 0;
        for (int i = from, shift = 0; i < to; i++, shift += Byte.SIZE) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return tail;
    }

    /** MurmurHash3's finalizer: spreads every input bit over the whole word. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
