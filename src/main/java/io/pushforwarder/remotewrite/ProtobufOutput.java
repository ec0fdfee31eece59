package io.pushforwarder.remotewrite;

import java.util.Arrays;

/**
 * A growing byte array that protobuf fields are written to: tags, varints, little-endian fixed64 and length-prefixed
 * strings, per the protobuf encoding spec. Just what {@link WriteRequestEncoder} needs to write a WriteRequest without
 * building its message objects.
 */
final class ProtobufOutput {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;

    private byte[] buffer;
    private int size;

    ProtobufOutput(int expectedBytes) {
        buffer = new byte[Math.max(64, expectedBytes)];
    }

    ProtobufOutput tag(int field, int wireType) {
        return varint((field << 3) | wireType);
    }

    /** An unsigned varint; a negative int64 takes ten bytes, as protobuf writes it. */
    ProtobufOutput varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    ProtobufOutput fixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** A string field: left out when empty, as proto3 does for a field at its default. */
    ProtobufOutput string(int field, byte[] utf8) {
        if (utf8.length == 0) {
            return this;
        }
        tag(field, LENGTH_DELIMITED).varint(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, size, utf8.length);
        size += utf8.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    static int varintSize(long value) {
        int bytes = 1;
        while ((value & ~0x7FL) != 0) {
            bytes++;
            value >>>= 7;
        }
        return bytes;
    }

    /** The bytes of a string field with a one-byte tag; none when the string is empty. */
    static int stringSize(byte[] utf8) {
        return utf8.length == 0 ? 0 : 1 + varintSize(utf8.length) + utf8.length;
    }

    /** The bytes of an embedded message of the given size with a one-byte tag: repeated fields write even empty ones. */
    static int embeddedSize(int messageSize) {
        return 1 + varintSize(messageSize) + messageSize;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
