package io.pushforwarder.routes;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes carry their own defaults ({{key:default}}) so that a host application without our config/ can run
 * them; those defaults must say what config/application.properties says, or the two ways of running would differ.
 */
class RouteDefaultsTest {

    private static final Pattern PLACEHOLDER_WITH_DEFAULT = Pattern.compile("\\{\\{(forwarder\\.[a-z0-9.-]+):([^}]*)}}");

    @Test
    void everyRouteDefaultAgreesWithTheShippedProperties() throws IOException {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            shipped.load(reader);
        }
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                Matcher placeholder = PLACEHOLDER_WITH_DEFAULT.matcher(Files.readString(file));
                while (placeholder.find()) {
                    String key = placeholder.group(1);
                    String routeDefault = placeholder.group(2);
                    String value = shipped.getProperty(key);
                    if (value != null) {
                        compared++;
                        if (!value.strip().equals(routeDefault)) {
                            disagreements.add(file.getFileName() + ": " + key + " defaults to '" + routeDefault
                                    + "', config/application.properties says '" + value.strip() + "'");
                        }
                    }
                }
            }
        }
        assertTrue(compared > 10, "only " + compared + " route defaults found next to a shipped key");
        assertEquals(List.of(), disagreements);
    }
}
