package io.pushforwarder.exposition;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Splits a stream into lines without ever reading more than {@code maxBytes + 1} bytes: a body over the limit is
 * refused as soon as the first byte beyond it arrives, and no more than the limit is held in memory. Lines are
 * handed out as ranges of one buffer that grows only for a line longer than it.
 */
final class BoundedLineReader {

    private static final int INITIAL_BUFFER = 32 * 1024;

    private final InputStream in;
    private final long maxBytes;
    private final long declaredLength;
    private byte[] buf;
    private int pos;
    private int limit;
    private long bytesRead;
    private boolean endOfStream;

    private int lineNumber;
    private int lineStart;
    private int lineEnd;
    private boolean terminated;

    /** @param declaredLength the Content-Length the sender declared, or -1 when it declared none */
    BoundedLineReader(InputStream in, long maxBytes, long declaredLength) throws InvalidScrapeException {
        if (declaredLength > maxBytes) {
            throw InvalidScrapeException.ofBody(Reason.TOO_LARGE, "Content-Length " + declaredLength
                    + " is over maxBodyBytes " + maxBytes + "; nothing was read");
        }
        this.in = in;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        this.buf = new byte[(int) Math.min(INITIAL_BUFFER, maxBytes + 1)];
    }

    /** Moves to the next line; false at the end of the body. */
    boolean next() throws IOException, InvalidScrapeException {
        int searchFrom = pos;
        while (true) {
            int lineFeed = WordAtATime.indexOf(buf, searchFrom, limit, (byte) '\n');
            if (lineFeed >= 0) {
                return setLine(lineFeed, lineFeed + 1, true);
            }
            if (endOfStream) {
                return pos < limit && setLine(limit, limit, false);
            }
            int searched = limit - pos;
            fill();
            searchFrom = pos + searched;
        }
    }

    private boolean setLine(int end, int nextPos, boolean withNewline) {
        lineStart = pos;
        lineEnd = end;
        terminated = withNewline;
        pos = nextPos;
        lineNumber++;
        return true;
    }

    private void fill() throws IOException, InvalidScrapeException {
        if (pos == limit) {
            pos = 0;
            limit = 0;
        } else if (limit == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            } else {
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBytes + 1));
            }
        }
        int wanted = (int) Math.min(buf.length - limit, maxBytes + 1 - bytesRead);
        int n = in.read(buf, limit, wanted);
        if (n < 0) {
            endOfStream = true;
            checkDeclaredLength();
            return;
        }
        bytesRead += n;
        limit += n;
        if (bytesRead > maxBytes) {
            throw InvalidScrapeException.ofBody(Reason.TOO_LARGE, "body is over maxBodyBytes " + maxBytes
                    + "; stopped reading after " + bytesRead + " bytes");
        }
    }

    private void checkDeclaredLength() throws InvalidScrapeException {
        if (declaredLength >= 0 && bytesRead != declaredLength) {
            throw InvalidScrapeException.ofBody(Reason.TRUNCATED, bytesRead < declaredLength
                    ? "body ended after " + bytesRead + " of the " + declaredLength
                            + " bytes its Content-Length declared"
                    : "body has " + bytesRead + " bytes but its Content-Length declared " + declaredLength);
        }
    }

    byte[] buffer() {
        return buf;
    }

    int lineNumber() {
        return lineNumber;
    }

    int lineStart() {
        return lineStart;
    }

    /** The end of the line, before its line feed. */
    int lineEnd() {
        return lineEnd;
    }

    /** False only for a last line without a line feed. */
    boolean terminated() {
        return terminated;
    }

    long bytesRead() {
        return bytesRead;
    }
}
