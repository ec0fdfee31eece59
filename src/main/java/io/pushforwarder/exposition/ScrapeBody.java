package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * The bytes of a validated body: an array in the heap, or, above {@link ScrapeRules#inMemoryBytes()}, a private
 * temporary file that no other process can open (created 0600 and unlinked at once; only its open channel keeps
 * it). Readable any number of times, by several streams at once, until {@link #close()}; a read after that fails
 * with an I/O error instead of returning an empty body, which would wipe the group.
 */
public final class ScrapeBody implements Closeable {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final int COPY_BUFFER = 64 * 1024;

    private final byte[] bytes;
    private final FileChannel file;
    private final long length;
    private final Cleaner.Cleanable cleanable;

    private ScrapeBody(byte[] bytes, FileChannel file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
        // a body nobody closed (a route that ended in an unexpected way) still gives its disk space back
        this.cleanable = file == null ? null : CLEANER.register(this, new CloseChannel(file));
    }

    static ScrapeBody inMemory(byte[] bytes, int length) {
        return new ScrapeBody(bytes, null, length);
    }

    static ScrapeBody spilled(FileChannel file, long length) {
        return new ScrapeBody(null, Objects.requireNonNull(file), length);
    }

    public long length() {
        return length;
    }

    /** True when the body lives in a temporary file rather than in the heap. */
    public boolean spilled() {
        return file != null;
    }

    public InputStream openStream() {
        return file == null ? new ByteArrayInputStream(bytes, 0, (int) length) : new ChannelStream(file, length);
    }

    public void writeTo(OutputStream out) throws IOException {
        if (file == null) {
            out.write(bytes, 0, (int) length);
            return;
        }
        try (InputStream in = openStream()) {
            in.transferTo(out);
        }
    }

    /** The whole body in one new array; for tests and small bodies. */
    public byte[] toByteArray() {
        if (file == null) {
            return java.util.Arrays.copyOf(bytes, (int) length);
        }
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Gives the temporary file back; a body in the heap has nothing to give back. Idempotent. */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    private record CloseChannel(FileChannel file) implements Runnable {
        @Override
        public void run() {
            try {
                file.close();
            } catch (IOException ignored) {
                // the descriptor is gone either way
            }
        }
    }

    /** Positional reads, so that a retried push and a remote_write parse can each read from the start. */
    private static final class ChannelStream extends InputStream {
        private final FileChannel file;
        private final long end;
        private long position;

        ChannelStream(FileChannel file, long end) {
            this.file = file;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (position >= end) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                throw new IOException("the spilled body ended " + (end - position) + " bytes early");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, end - position))];
            long total = 0;
            for (int n; (n = read(buffer, 0, buffer.length)) > 0; ) {
                out.write(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }
}
