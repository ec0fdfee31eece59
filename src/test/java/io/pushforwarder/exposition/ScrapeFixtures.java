package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the exposition tests. */
final class ScrapeFixtures {

    static final String NODE_EXPORTER = "/exposition/node-exporter.prom";

    private ScrapeFixtures() {
    }

    static ValidScrape validate(String body, ScrapeRules rules) throws InvalidScrapeException, IOException {
        return new ScrapeValidator().validate(stream(body), rules);
    }

    static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ValidScrape scrape) {
        return new String(scrape.body(), StandardCharsets.UTF_8);
    }

    /** The node_exporter 1.5.0 scrape captured from this machine's Debian package. */
    static byte[] nodeExporterBody() {
        try (InputStream in = ScrapeFixtures.class.getResourceAsStream(NODE_EXPORTER)) {
            if (in == null) {
                throw new IllegalStateException(NODE_EXPORTER + " is missing from the test resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
