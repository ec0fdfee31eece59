package io.pushforwarder.exposition;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Strict UTF-8 check of a line, by the JDK's decoder with REPORT: overlong forms, surrogates and bytes past
 * U+10FFFF are refused, as Go's utf8.ValidString refuses them. An ASCII line, nearly every line of a real
 * scrape, costs one scan and no decoder.
 */
final class Utf8Checker {

    private CharsetDecoder decoder;
    private CharBuffer chars;

    void check(ParsedLine line) throws InvalidScrapeException {
        if (!WordAtATime.isAscii(line.buf, line.start, line.end)) {
            decode(line);
        }
    }

    private void decode(ParsedLine line) throws InvalidScrapeException {
        int length = line.end - line.start;
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        if (chars == null || chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, 256));
        }
        ByteBuffer bytes = ByteBuffer.wrap(line.buf, line.start, length);
        chars.clear();
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            return;
        }
        int offset = bytes.position() - line.start;
        if (!line.terminated && offset + result.length() == length) {
            throw InvalidScrapeException.atLine(Reason.TRUNCATED, line.number,
                    "body ends in the middle of a UTF-8 character, and without a final newline");
        }
        throw InvalidScrapeException.atLine(Reason.INVALID_UTF8, line.number, String.format(
                "invalid UTF-8: byte 0x%02x at column %d", line.buf[line.start + offset] & 0xff, offset + 1));
    }
}
