package io.pushforwarder.remotewrite;

import java.util.Arrays;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;

/**
 * Snappy in the block format, which remote write requires (not the framed/stream format), with aircompressor's
 * pure-Java codec. One instance reuses its hash table and buffer between calls: not thread-safe.
 */
public final class SnappyBlock {

    private final SnappyCompressor compressor = new SnappyCompressor();
    private byte[] buffer = new byte[0];

    public byte[] compress(byte[] input) {
        int max = compressor.maxCompressedLength(input.length);
        if (buffer.length < max) {
            buffer = new byte[max];
        }
        int length = compressor.compress(input, 0, input.length, buffer, 0, buffer.length);
        return Arrays.copyOf(buffer, length);
    }

    /** The original bytes of a snappy block, as a receiver reads them. */
    public static byte[] decompress(byte[] block) {
        byte[] output = new byte[SnappyDecompressor.getUncompressedLength(block, 0)];
        int length = new SnappyDecompressor().decompress(block, 0, block.length, output, 0, output.length);
        if (length != output.length) {
            throw new IllegalArgumentException("snappy block announced " + output.length + " bytes but held " + length);
        }
        return output;
    }
}
