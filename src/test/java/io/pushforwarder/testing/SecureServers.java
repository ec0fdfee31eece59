package io.pushforwarder.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The real Pushgateway and node_exporter behind a --web.config.file, started in a {@link RealStack}. */
public final class SecureServers {

    private SecureServers() {
    }

    /** A Pushgateway on a free loopback port with the web config; returns its base URL, https:// when TLS is on. */
    public static String startPushgateway(RealStack stack, WebConfig config, boolean tls) throws IOException {
        RealStack.requireBinary(RealStack.PUSHGATEWAY);
        config.write();
        int port = Loopback.freePort();
        ManagedProcess gateway = stack.track(ManagedProcess.start("pushgateway-secure-" + port, List.of(
                RealStack.PUSHGATEWAY, "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=" + stack.dir().resolve("pgw-" + port + ".data"),
                "--web.config.file=" + config.file()), stack.dir(), Map.of(), stack.dir()));
        awaitListening(gateway);
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** node_exporter on a free loopback port with the web config; returns its metrics URL. */
    public static String startNodeExporter(RealStack stack, WebConfig config) throws IOException {
        RealStack.requireBinary(RealStack.NODE_EXPORTER);
        config.write();
        int port = Loopback.freePort();
        ManagedProcess exporter = stack.track(ManagedProcess.start("node-exporter-secure-" + port, List.of(
                RealStack.NODE_EXPORTER, "--web.listen-address=127.0.0.1:" + port, "--no-collector.systemd",
                "--web.config.file=" + config.file()), stack.dir(), Map.of(), stack.dir()));
        awaitListening(exporter);
        return "https://127.0.0.1:" + port + "/metrics";
    }

    /**
     * A Prometheus that accepts remote write behind the web config, on a free loopback port with a fresh data folder;
     * returns its base URL, https:// when TLS is on. Its API needs the same credentials.
     */
    public static String startRemoteWriteReceiver(RealStack stack, WebConfig config, boolean tls) throws IOException {
        RealStack.requireBinary(RealStack.PROMETHEUS);
        config.write();
        int port = Loopback.freePort();
        Path prometheusConfig = stack.dir().resolve("prometheus-secure-" + port + ".yml");
        java.nio.file.Files.writeString(prometheusConfig, """
                # a receiver only: no scrape jobs, so every series in it came by remote write
                global:
                  scrape_interval: 15s
                """);
        ManagedProcess prometheus = stack.track(ManagedProcess.start("prometheus-secure-" + port, List.of(
                RealStack.PROMETHEUS, "--config.file=" + prometheusConfig,
                "--storage.tsdb.path=" + stack.dir().resolve("tsdb-secure-" + port),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver",
                "--web.config.file=" + config.file()), stack.dir(), Map.of(), stack.dir()));
        awaitListening(prometheus);
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** Both servers log this once their socket listens; a readiness URL would need the credentials and the CA. */
    private static void awaitListening(ManagedProcess server) {
        server.awaitOutput("msg=\"Listening on\"", Duration.ofSeconds(30));
    }

    /** The web config's folder, next to the stack's logs. */
    public static WebConfig webConfig(RealStack stack, String name) {
        return new WebConfig(Path.of(stack.dir().toString(), name + ".yml"));
    }
}
