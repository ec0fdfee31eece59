package io.pushforwarder.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForwarderConfigTest {

    @TempDir
    Path tempDir;

    /** The forwarder.* values of config/application.properties, with the lock folder moved into the temp dir. */
    private Map<String, String> validDefaults() {
        Map<String, String> values = new HashMap<>();
        values.put("forwarder.pushgateway.url", "http://127.0.0.1:9091");
        values.put("forwarder.exporter.url", "http://127.0.0.1:9100/metrics");
        values.put("forwarder.exporter.health-url", "");
        values.put("forwarder.job", "node");
        values.put("forwarder.grouping-labels", "");
        values.put("forwarder.method", "PUT");
        values.put("forwarder.schedule", "0/15 * * * * ?");
        values.put("forwarder.exporter.connect-timeout-ms", "2000");
        values.put("forwarder.exporter.response-timeout-ms", "5000");
        values.put("forwarder.pushgateway.connect-timeout-ms", "2000");
        values.put("forwarder.pushgateway.response-timeout-ms", "10000");
        values.put("forwarder.lock.enabled", "true");
        values.put("forwarder.lock.dir", tempDir.resolve("lock").toString());
        values.put("forwarder.lock.check-interval-ms", "1000");
        values.put("forwarder.lock.stale-multiplier", "5");
        values.put("forwarder.stale.delete-after", "0");
        values.put("forwarder.delete-on-shutdown", "false");
        values.put("forwarder.once.timeout-ms", "60000");
        values.put("forwarder.push.retries", "3");
        values.put("forwarder.push.retry-delay-ms", "500");
        values.put("forwarder.push.retry-max-delay-ms", "4000");
        values.put("forwarder.push.retry-budget-ms", "10000");
        values.put("forwarder.push.gzip-min-bytes", "65536");
        return values;
    }

    private static ForwarderConfig configOf(Map<String, String> values) {
        return new ForwarderConfig(key -> Optional.ofNullable(values.get(key)));
    }

    private Map<String, String> defaultsWith(String key, String value) {
        Map<String, String> values = validDefaults();
        values.put(key, value);
        return values;
    }

    /** A regular file: nothing can be created below it, whatever the user's rights (root included). */
    private Path regularFile() throws IOException {
        return Files.writeString(tempDir.resolve("not-a-folder"), "x");
    }

    @Test
    void theDefaultsPassAndTheLockFolderIsCreated() {
        Path lockDir = tempDir.resolve("lock");
        assertFalse(Files.exists(lockDir));

        assertDoesNotThrow(() -> configOf(validDefaults()).validate());

        assertTrue(Files.isDirectory(lockDir));
    }

    // Catches drift between the shipped file and the checks: a default that fails validation stops every node.
    @Test
    void theShippedApplicationPropertiesPass() throws IOException {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            shipped.load(reader);
        }
        shipped.setProperty(ForwarderConfig.LOCK_DIR, tempDir.resolve("lock").toString());

        assertDoesNotThrow(() -> new ForwarderConfig(key -> Optional.ofNullable(shipped.getProperty(key))).validate());
    }

    @ParameterizedTest(name = "[{index}] {0}=''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            forwarder.pushgateway.url              | https://gw.example.com/pushgateway
            forwarder.pushgateway.url              | http://localhost:9091
            forwarder.exporter.url                 | https://10.0.0.5:9100/metrics?collect[]=cpu
            forwarder.exporter.health-url          | http://127.0.0.1:9100/-/healthy
            forwarder.exporter.health-url          | '   '
            forwarder.instance                     | web-01
            forwarder.instance                     | ''
            forwarder.grouping-labels              | dc=eu/west, rack=r12
            forwarder.method                       | POST
            forwarder.schedule                     | 0 0/5 * * * ?
            forwarder.schedule                     | 0 0 12 ? * MON-FRI 2099
            forwarder.exporter.connect-timeout-ms  | 1
            forwarder.pushgateway.response-timeout-ms | 9223372036854775807
            forwarder.lock.enabled                 | false
            """)
    void goodValuesPass(String key, String value) {
        assertDoesNotThrow(() -> configOf(defaultsWith(key, value)).validate());
    }

    @ParameterizedTest(name = "[{index}] without {0}")
    @ValueSource(strings = {"forwarder.exporter.health-url", "forwarder.instance", "forwarder.grouping-labels"})
    void optionalKeysMayBeMissing(String key) {
        Map<String, String> values = validDefaults();
        values.remove(key);

        assertDoesNotThrow(() -> configOf(values).validate());
    }

    @ParameterizedTest(name = "[{index}] {0}=''{1}''")
    @MethodSource("badValues")
    void aBadValueIsRefusedNamingTheKeyAndTheFix(String key, String value, String expectedProblem) {
        ForwarderConfig config = configOf(defaultsWith(key, value));

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, config::validate);

        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith(key + "="), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
        assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
    }

    static Stream<Arguments> badValues() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http//nohost", "not an http or https URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "ftp://x", "not an http or https URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "localhost:9091", "not an http or https URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "127.0.0.1:9091", "malformed URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://", "malformed URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "not a url at all", "malformed URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://:9091", "the URL has no host"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091/", "must not end in '/'"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "https://gw.example.com/pushgateway/",
                        "must not end in '/'"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091?tenant=a", "carry a query"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091?", "carry a query"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "", "no value"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091,http://127.0.0.1:9091",
                        "http://127.0.0.1:9091 is listed twice"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091, http://127.0.0.1:9091",
                        "listed twice"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091,,http://127.0.0.1:9092",
                        "an empty entry"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091,", "an empty entry"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091,ftp://x",
                        "not an http or https URL"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091,http://127.0.0.1:9092/",
                        "must not end in '/'"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091;http://127.0.0.1:9092",
                        "the URL has no host"),
                Arguments.of(ForwarderConfig.REMOTE_WRITE_QUEUE_DIRECTORY, "/proc/version/queue",
                        "cannot create the folder"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_MODE, "sharded", "not a gateway mode"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_MODE, "both", "not a gateway mode"),
                Arguments.of(ForwarderConfig.EXPORTER_URL, "file:///etc/passwd", "not an http or https URL"),
                Arguments.of(ForwarderConfig.EXPORTER_URL, "http://127.0.0.1:9100/met rics", "malformed URL"),
                Arguments.of(ForwarderConfig.EXPORTER_URL, "http:///metrics", "the URL has no host"),
                Arguments.of(ForwarderConfig.HEALTH_URL, "ftp://127.0.0.1/healthy", "not an http or https URL"),
                Arguments.of(ForwarderConfig.SCHEDULE, "0/15 * * *", "not a quartz cron expression"),
                Arguments.of(ForwarderConfig.SCHEDULE, "every minute", "not a quartz cron expression"),
                // the classic mistake: a five-field unix crontab line, minutes first
                Arguments.of(ForwarderConfig.SCHEDULE, "*/15 * * * *", "not a quartz cron expression"),
                Arguments.of(ForwarderConfig.JOB, "", "no value"),
                Arguments.of(ForwarderConfig.JOB, "   ", "no value"),
                Arguments.of(ForwarderConfig.GROUPING_LABELS, "1abc=x", "'1abc' is invalid"),
                Arguments.of(ForwarderConfig.GROUPING_LABELS, "dc=eu,a-b=x", "'a-b' is invalid"),
                Arguments.of(ForwarderConfig.GROUPING_LABELS, "job=x", "'job' repeats a parameter"),
                Arguments.of(ForwarderConfig.GROUPING_LABELS, "dc", "'dc' has no '='"),
                Arguments.of(ForwarderConfig.METHOD, "GET", "the Pushgateway takes PUT or POST"),
                Arguments.of(ForwarderConfig.METHOD, "put", "the Pushgateway takes PUT or POST"),
                Arguments.of(ForwarderConfig.METHOD, "DELETE", "the Pushgateway takes PUT or POST"),
                Arguments.of(ForwarderConfig.LOCK_ENABLED, "yes", "not a boolean"),
                Arguments.of(ForwarderConfig.LOCK_ENABLED, "1", "not a boolean"),
                Arguments.of(ForwarderConfig.PUSHGATEWAY_URL, "http://127.0.0.1:9091#x", "fragment"),
                Arguments.of(ForwarderConfig.DELETE_ON_SHUTDOWN, "on", "not a boolean"),
                Arguments.of(ForwarderConfig.STALE_DELETE_AFTER, "-1", "not a whole number of 0 or more"),
                Arguments.of(ForwarderConfig.STALE_DELETE_AFTER, "soon", "not a whole number of 0 or more"),
                Arguments.of(ForwarderConfig.ONCE_TIMEOUT, "0", "not a positive whole number")));
        List<String> numberKeys = new ArrayList<>(List.of(ForwarderConfig.TIMEOUT_KEYS));
        numberKeys.add(ForwarderConfig.LOCK_INTERVAL);
        numberKeys.add(ForwarderConfig.LOCK_STALE_MULTIPLIER);
        for (String key : numberKeys) {
            for (String value : List.of("0", "-5", "abc", "1.5", "5000ms", "9223372036854775808")) {
                cases.add(Arguments.of(key, value, "not a positive whole number"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:9091,http://127.0.0.1:9092                        | shard
            http://127.0.0.1:9091, https://gw.example.com/pushgateway          | replicate
            http://127.0.0.1:9091,http://127.0.0.1:9092,http://127.0.0.1:9093  | REPLICATE
            http://127.0.0.1:9091                                              | replicate
            http://127.0.0.1:9091,http://127.0.0.1:9092                        | ''
            """)
    void severalGatewaysAndAModeAreAccepted(String urls, String mode) {
        ForwarderConfig config = configOf(defaultsWith(ForwarderConfig.PUSHGATEWAY_URL, urls));
        Map<String, String> values = defaultsWith(ForwarderConfig.PUSHGATEWAY_URL, urls);
        values.put(ForwarderConfig.PUSHGATEWAY_MODE, mode);

        assertDoesNotThrow(() -> configOf(values).validate());
        assertEquals(urls.split(",").length, config.pushgatewayUrls().size());
    }

    @Test
    void theMessageQuotesTheBadValue() {
        ForwarderConfig config = configOf(defaultsWith(ForwarderConfig.METHOD, "GET"));

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, config::validate);

        assertTrue(e.getMessage().startsWith("forwarder.method='GET': "), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] lock dir {0}")
    @ValueSource(strings = {"", "lock", "deeper/lock"})
    void aLockFolderThatCannotBeCreatedIsRefused(String below) throws IOException {
        Path impossible = below.isEmpty() ? regularFile() : regularFile().resolve(below);
        ForwarderConfig config = configOf(defaultsWith(ForwarderConfig.LOCK_DIR, impossible.toString()));

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, config::validate);

        assertEquals(ForwarderConfig.LOCK_DIR, e.key());
        assertTrue(e.getMessage().contains(ForwarderConfig.LOCK_DIR), e.getMessage());
        assertTrue(e.getMessage().contains("cannot create the lock folder"), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] without {0}")
    @ValueSource(strings = {
        "forwarder.pushgateway.url", "forwarder.exporter.url", "forwarder.job", "forwarder.method",
        "forwarder.schedule", "forwarder.exporter.connect-timeout-ms", "forwarder.exporter.response-timeout-ms",
        "forwarder.pushgateway.connect-timeout-ms", "forwarder.pushgateway.response-timeout-ms",
        "forwarder.lock.dir", "forwarder.lock.check-interval-ms",
        "forwarder.lock.stale-multiplier"})
    void aMissingRequiredKeyIsRefusedNamingItsEnvVar(String key) {
        Map<String, String> values = validDefaults();
        assertTrue(values.remove(key) != null, "the table names a key the defaults do not hold: " + key);

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> configOf(values).validate());

        assertEquals(key, e.key());
        assertEquals(key + "=(unset): no value; fix: set it in config/application.properties or as the env var "
                + ForwarderConfig.envName(key), e.getMessage());
    }

    // With the lock off nothing reads the lock keys, so a node without a writable folder must still start.
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"below a regular file", "missing", "interval not a number"})
    void aDisabledLockSkipsTheLockChecks(String lockSetting) throws IOException {
        Map<String, String> values = defaultsWith(ForwarderConfig.LOCK_ENABLED, "false");
        Path impossible = regularFile().resolve("lock");
        switch (lockSetting) {
            case "below a regular file" -> values.put(ForwarderConfig.LOCK_DIR, impossible.toString());
            case "missing" -> values.remove(ForwarderConfig.LOCK_DIR);
            case "interval not a number" -> values.put(ForwarderConfig.LOCK_INTERVAL, "abc");
            default -> throw new IllegalArgumentException(lockSetting);
        }
        ForwarderConfig config = configOf(values);

        assertDoesNotThrow(config::validate);
        assertFalse(config.lockEnabled());
    }

    @Test
    void anEnabledLockChecksTheFolderThatADisabledOneSkips() throws IOException {
        Path impossible = regularFile().resolve("lock");
        ForwarderConfig config = configOf(defaultsWith(ForwarderConfig.LOCK_DIR, impossible.toString()));

        assertTrue(config.lockEnabled());
        assertThrows(InvalidConfigurationException.class, config::validate);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1                    | 1
            5000                 | 5000
            ' 5000 '             | 5000
            9223372036854775807  | 9223372036854775807
            """)
    void positiveLongReadsTrimmedWholeNumbers(String value, long expected) {
        String key = "forwarder.exporter.connect-timeout-ms";

        assertEquals(expected, configOf(defaultsWith(key, value)).positiveLong(key));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            forwarder.pushgateway.url        | FORWARDER_PUSHGATEWAY_URL
            forwarder.job                    | FORWARDER_JOB
            forwarder.exporter.health-url    | FORWARDER_EXPORTER_HEALTH_URL
            forwarder.grouping-labels        | FORWARDER_GROUPING_LABELS
            forwarder.lock.check-interval-ms | FORWARDER_LOCK_CHECK_INTERVAL_MS
            """)
    void envNameIsUpperCaseWithDotsAndDashesAsUnderscores(String key, String expected) {
        assertEquals(expected, ForwarderConfig.envName(key));
    }
}
