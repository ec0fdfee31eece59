package io.pushforwarder.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body larger than inMemoryBytes is checked and handed out from a private temporary file. */
class SpillTest {

    @TempDir
    Path spillDirectory;

    private ScrapeRules rules(long inMemoryBytes) {
        return ScrapeRules.builder().inMemoryBytes(inMemoryBytes).spillDirectory(spillDirectory).build();
    }

    @Test
    void aLargeBodyGoesOutByteForByteFromItsFileAndCanBeReadAgain() throws Exception {
        byte[] body = ScrapeFixtures.nodeExporterBody();
        try (ValidScrape scrape = new ScrapeValidator().validate(new ByteArrayInputStream(body), rules(4096),
                OptionalLong.of(body.length))) {
            assertTrue(scrape.spilled(), "a body over inMemoryBytes lives in a file");
            assertEquals(body.length, scrape.bodyLength());
            assertArrayEquals(body, scrape.body());
            assertArrayEquals(body, scrape.bodyStream().readAllBytes(), "a second reader starts from the start");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            scrape.writeBodyTo(out);
            assertArrayEquals(body, out.toByteArray());
            assertEquals(0, filesIn(spillDirectory), "the file has no name another process could open");
        }
    }

    @Test
    void aClosedSpilledBodyFailsToReadInsteadOfReadingEmpty() throws Exception {
        byte[] body = ScrapeFixtures.nodeExporterBody();
        ValidScrape scrape = new ScrapeValidator().validate(new ByteArrayInputStream(body), rules(4096));
        InputStream in = scrape.bodyStream();
        scrape.close();
        scrape.close();
        assertThrows(IOException.class, in::readAllBytes);
    }

    @Test
    void aSmallBodyStaysInMemory() throws Exception {
        ValidScrape scrape = ScrapeFixtures.validate("a 1\nb 2\n", rules(4096));
        assertFalse(scrape.spilled());
        assertEquals("a 1\nb 2\n", ScrapeFixtures.text(scrape));
    }

    @Test
    void aRefusedLargeBodyLeavesNothingBehind() throws Exception {
        byte[] good = ScrapeFixtures.nodeExporterBody();
        byte[] bad = (new String(good, StandardCharsets.UTF_8) + "this is not a sample\n").getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidScrapeException.class,
                () -> new ScrapeValidator().validate(new ByteArrayInputStream(bad), rules(4096)));
        assertEquals(0, filesIn(spillDirectory));
    }

    @Test
    void aSpillDirectoryThatCannotBeWrittenIsAnIoErrorNotABadScrape() {
        ScrapeRules rules = ScrapeRules.builder().inMemoryBytes(4096)
                .spillDirectory(spillDirectory.resolve("missing")).build();
        byte[] body = ScrapeFixtures.nodeExporterBody();
        assertThrows(SpillFailedException.class,
                () -> new ScrapeValidator().validate(new ByteArrayInputStream(body), rules));
    }

    private static long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
