package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.ManagedProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad value stops the real process with one line naming the key and the fix, and exit code 2. */
class ConfigErrorsIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            FORWARDER_PUSHGATEWAY_URL      | htp//gateway:9091       | forwarder.pushgateway.url='htp//gateway:9091': not an http or https URL
            FORWARDER_EXPORTER_URL         | http://                 | forwarder.exporter.url='http://': malformed URL
            FORWARDER_PUSHGATEWAY_URL      | http://127.0.0.1:9091,http://127.0.0.1:9091 | forwarder.pushgateway.url='http://127.0.0.1:9091,http://127.0.0.1:9091': http://127.0.0.1:9091 is listed twice; fix: list each gateway once
            FORWARDER_PUSHGATEWAY_MODE     | sharded                 | forwarder.pushgateway.mode='sharded': not a gateway mode; fix: set shard
            FORWARDER_SCHEDULE             | 0/15 * * *              | forwarder.schedule='0/15 * * *': not a quartz cron expression
            FORWARDER_JOB                  | ' '                     | forwarder.job=(unset): no value
            FORWARDER_GROUPING_LABELS      | 1dc=eu                  | forwarder.grouping-labels='1dc=eu': grouping label name '1dc' is invalid
            FORWARDER_METHOD               | DELETE                  | forwarder.method='DELETE': the Pushgateway takes PUT or POST
            FORWARDER_LOCK_DIR             | LOCK_UNDER_A_FILE       | forwarder.lock.dir=
            FORWARDER_EXPORTER_RESPONSE_TIMEOUT_MS | soon            | forwarder.exporter.response-timeout-ms='soon': not a positive whole number
            """)
    void aBadValueStopsStartUpWithOneLine(String key, String value, String expected) throws Exception {
        if ("LOCK_UNDER_A_FILE".equals(value)) {
            // a folder below a regular file cannot be created, not even by root
            Path file = Files.writeString(dir.resolve("a-file"), "x");
            value = file.resolve("lock").toString();
        }
        Map<String, String> env = new HashMap<>();
        // keep the forwarder off the machine's default lock folder
        env.put("FORWARDER_LOCK_DIR", dir.resolve("lock").toString());
        env.put(key, value);
        ManagedProcess forwarder = ForwarderProcess.start("forwarder", ForwarderProcess.workDir(dir, "work"), env);

        int exit = forwarder.awaitExit(Duration.ofSeconds(30));
        String output = forwarder.output();

        assertEquals(2, exit, output);
        assertTrue(output.contains("push-forwarder: configuration error: " + expected), output);
        assertTrue(output.contains("; fix: "), output);
        assertFalse(output.contains("\tat "), "no stack trace for a configuration error:\n" + output);
        assertEquals(1, output.lines().filter(l -> l.startsWith("push-forwarder:")).count(), output);
    }
}
