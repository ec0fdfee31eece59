package io.pushforwarder.push;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class GzipBodyTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 65_536, 1_000_000})
    void aCompressedBodyInflatesBackToTheSameBytes(int lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines / 20; i++) {
            text.append("node_cpu_seconds_total{cpu=\"").append(i % 8).append("\",mode=\"idle\"} ").append(i).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);

        byte[] gzipped = new GzipBody().compress(new ByteArrayInputStream(body));

        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            assertArrayEquals(body, in.readAllBytes());
        }
    }
}
