package io.pushforwarder.exposition;

import java.util.Arrays;

/** The pushable body as it is written: a byte array that doubles when full. */
final class OutputBuffer {

    private final long expectedMaximum;
    private byte[] bytes;
    private int length;

    /**
     * @param expectedMaximum the most the body is expected to need: doubling stops there, so that a body near
     *                        the size limit does not cost twice the limit; a larger write still fits
     */
    OutputBuffer(int initialCapacity, long expectedMaximum) {
        this.expectedMaximum = expectedMaximum;
        bytes = new byte[(int) Math.max(64, Math.min(initialCapacity, expectedMaximum))];
    }

    void write(byte b) {
        if (length == bytes.length) {
            grow(1);
        }
        bytes[length++] = b;
    }

    void write(byte[] b, int start, int end) {
        int n = end - start;
        if (length + n > bytes.length) {
            grow(n);
        }
        System.arraycopy(b, start, bytes, length, n);
        length += n;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    private void grow(int needed) {
        long doubled = Math.min((long) bytes.length * 2, Math.max(expectedMaximum, bytes.length + 1L));
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(doubled, (long) length + needed)));
    }

    /** The array, valid up to {@link #length()}; no copy. */
    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }
}
