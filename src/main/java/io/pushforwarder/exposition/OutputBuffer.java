package io.pushforwarder.exposition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * The pushable body as it is written: a byte array that doubles when full, up to {@code inMemoryLimit}; past
 * that, everything goes to a private temporary file through a small write buffer, so that a body of any allowed
 * size costs at most that much heap. The file is created 0600 and unlinked at once: only the open channel keeps
 * it, so it disappears with the channel or the process, whatever happens.
 *
 * <p>An I/O error of the file surfaces as {@link SpillFailedException} (wrapped unchecked inside the scanner).
 */
final class OutputBuffer {

    private static final int FILE_WRITE_BUFFER = 64 * 1024;

    private final long expectedMaximum;
    private final long inMemoryLimit;
    private final Path spillDirectory;
    private byte[] bytes;
    /** Bytes in {@link #bytes}: the whole body before the spill, the unwritten tail after it. */
    private int length;
    private FileChannel file;
    private long fileLength;

    /**
     * @param expectedMaximum the most the body is expected to need: doubling stops there, so that a body near
     *                        the size limit does not cost twice the limit; a larger write still fits
     * @param inMemoryLimit   the most bytes held in the heap; a larger body spills to a file in spillDirectory
     */
    OutputBuffer(int initialCapacity, long expectedMaximum, long inMemoryLimit, Path spillDirectory) {
        this.expectedMaximum = expectedMaximum;
        this.inMemoryLimit = Math.max(64, inMemoryLimit);
        this.spillDirectory = spillDirectory;
        bytes = new byte[(int) Math.max(64, Math.min(Math.min(initialCapacity, expectedMaximum), this.inMemoryLimit))];
    }

    void write(byte b) {
        if (length == bytes.length) {
            makeRoom(1);
        }
        bytes[length++] = b;
    }

    void write(byte[] b, int start, int end) {
        int n = end - start;
        if (length + n > bytes.length) {
            makeRoom(n);
            if (n > bytes.length - length) { // spilled, and longer than the write buffer
                writeToFile(b, start, n);
                return;
            }
        }
        System.arraycopy(b, start, bytes, length, n);
        length += n;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    private void makeRoom(int needed) {
        if (file != null) {
            flush();
            return;
        }
        long wanted = (long) length + needed;
        if (wanted > inMemoryLimit) {
            spill();
            return;
        }
        long doubled = Math.min((long) bytes.length * 2, Math.max(expectedMaximum, bytes.length + 1L));
        long capacity = Math.min(inMemoryLimit, Math.max(doubled, wanted));
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, capacity));
    }

    private void spill() {
        Path path = null;
        try {
            try {
                path = Files.createTempFile(spillDirectory, "push-forwarder-body-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                path = Files.createTempFile(spillDirectory, "push-forwarder-body-", ".tmp");
            }
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(path);
            path = null;
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(new SpillFailedException("cannot spill a body of more than "
                    + inMemoryLimit + " bytes to a temporary file in " + spillDirectory + ": " + e, e));
        } finally {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // nothing more can be done; the name holds no data yet
                }
            }
        }
        int inMemory = length;
        length = 0;
        writeToFile(bytes, 0, inMemory);
        if (bytes.length > FILE_WRITE_BUFFER) {
            bytes = new byte[FILE_WRITE_BUFFER];
        }
    }

    private void flush() {
        int n = length;
        length = 0;
        writeToFile(bytes, 0, n);
    }

    private void writeToFile(byte[] b, int start, int n) {
        ByteBuffer buffer = ByteBuffer.wrap(b, start, n);
        try {
            while (buffer.hasRemaining()) {
                fileLength += file.write(buffer, fileLength);
            }
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException(new SpillFailedException("cannot write the spilled body to "
                    + spillDirectory + ": " + e, e));
        }
    }

    /** The body, once complete; this buffer is not used after. */
    ScrapeBody finish() {
        if (file == null) {
            return ScrapeBody.inMemory(bytes, length);
        }
        flush();
        ScrapeBody body = ScrapeBody.spilled(file, fileLength);
        file = null;
        bytes = null;
        return body;
    }

    /** Gives the file back when the body is refused. Idempotent. */
    void discard() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // already unlinked: closing is all there is to do
            }
            file = null;
        }
    }

    long length() {
        return fileLength + length;
    }
}
