package io.pushforwarder.it;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pushforwarder.testing.RealStack;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped Prometheus files pass Debian's promtool: the scrape config, the alert rules and their unit tests. */
class PrometheusConfigIT {

    private static final String PROMTOOL = "/usr/bin/promtool";

    @ParameterizedTest(name = "promtool {0} {1}")
    @CsvSource({
        "check config, scrape-pushgateway.yml, SUCCESS",
        "check rules, push-forwarder.rules.yml, SUCCESS: 3 rules found",
        "test rules, push-forwarder.rules.test.yml, SUCCESS",
    })
    void promtoolAccepts(String command, String file, String expected) throws Exception {
        RealStack.requireBinary(PROMTOOL);
        Path dir = Path.of("config/prometheus").toAbsolutePath();
        List<String> args = new java.util.ArrayList<>(List.of(PROMTOOL));
        args.addAll(List.of(command.split(" ")));
        args.add(file);
        Process promtool = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool hung");
        String output = new String(promtool.getInputStream().readAllBytes());

        assertEquals(0, promtool.exitValue(), output);
        assertTrue(output.contains(expected), output);
    }
}
