package io.pushforwarder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The real Debian binaries a user runs, started on free loopback ports in a private folder, and stopped by
 * {@link #close()}. A missing binary fails the test with the install command: integration tests never skip.
 */
public final class RealStack implements AutoCloseable {

    public static final String NODE_EXPORTER = "/usr/bin/prometheus-node-exporter";
    public static final String PUSHGATEWAY = "/usr/bin/prometheus-pushgateway";
    public static final String PROMETHEUS = "/usr/bin/prometheus";

    private final Path dir;
    private final List<ManagedProcess> processes = new ArrayList<>();

    public RealStack(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Debian's ZooKeeper server, configured on a free loopback port but not started: see {@link #startZooKeeper()}. */
    public ZooKeeperServer zooKeeper() throws IOException {
        if (!Files.isReadable(Path.of(ZooKeeperServer.JAR))) {
            throw new AssertionError(ZooKeeperServer.JAR + " is missing; install it with: apt-get install -y "
                    + "--no-install-recommends zookeeper (bin/test does this)");
        }
        return new ZooKeeperServer(this, Loopback.freePort());
    }

    /** A standalone ZooKeeper on a free loopback port, with a fresh data folder; it can be stopped and restarted. */
    public ZooKeeperServer startZooKeeper() throws IOException {
        return zooKeeper().start();
    }

    public static void requireBinary(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is missing; install it with: apt-get install -y --no-install-recommends "
                    + "prometheus prometheus-pushgateway prometheus-node-exporter (bin/test does this)");
        }
    }

    /** node_exporter on loopback; returns its metrics URL. */
    public String startNodeExporter(int port) throws IOException {
        requireBinary(NODE_EXPORTER);
        String url = "http://127.0.0.1:" + port + "/metrics";
        track(ManagedProcess.start("node-exporter-" + port, List.of(NODE_EXPORTER,
                "--web.listen-address=127.0.0.1:" + port, "--no-collector.systemd"), dir, Map.of(), dir));
        awaitReady(url);
        return url;
    }

    /** A Pushgateway with a fresh persistence file; returns its base URL. */
    public Pushgateway startPushgateway() throws IOException {
        requireBinary(PUSHGATEWAY);
        int port = Loopback.freePort();
        Pushgateway gateway = new Pushgateway("http://127.0.0.1:" + port);
        track(ManagedProcess.start("pushgateway-" + port, List.of(PUSHGATEWAY,
                "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=" + dir.resolve("pgw-" + port + ".data")), dir, Map.of(), dir));
        awaitReady(gateway.url() + "/-/ready");
        return gateway;
    }

    /** Prometheus scraping the gateway every second with honor_labels, as the README tells users to. */
    public Prometheus startPrometheus(Pushgateway gateway) throws IOException {
        requireBinary(PROMETHEUS);
        int port = Loopback.freePort();
        Path config = dir.resolve("prometheus-" + port + ".yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: pushgateway
                    honor_labels: true
                    static_configs:
                      - targets: ['%s']
                """.formatted(gateway.url().substring("http://".length())));
        track(ManagedProcess.start("prometheus-" + port, List.of(PROMETHEUS,
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb-" + port),
                "--web.listen-address=127.0.0.1:" + port), dir, Map.of(), dir));
        Prometheus prometheus = new Prometheus("http://127.0.0.1:" + port);
        awaitReady(prometheus.url() + "/-/ready");
        return prometheus;
    }

    /**
     * A Prometheus that scrapes nothing and accepts remote write at {@code /api/v1/write}
     * ({@code --web.enable-remote-write-receiver}), on a free loopback port with a fresh data folder.
     */
    public RemoteWriteReceiver startRemoteWriteReceiver() throws IOException {
        int port = Loopback.freePort();
        return startRemoteWriteReceiver(port, dir.resolve("tsdb-remote-write-" + port));
    }

    /** The same on the given port and data folder: starts a stopped receiver again, with the data it had. */
    public RemoteWriteReceiver startRemoteWriteReceiver(int port, Path tsdb) throws IOException {
        requireBinary(PROMETHEUS);
        Path config = dir.resolve("prometheus-remote-write-" + port + ".yml");
        Files.writeString(config, """
                # a receiver only: no scrape jobs, so every series in it came by remote write
                global:
                  scrape_interval: 15s
                """);
        String name = "prometheus-remote-write-" + port;
        track(ManagedProcess.start(name, List.of(PROMETHEUS,
                "--config.file=" + config, "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver"), dir, Map.of(), dir));
        Prometheus prometheus = new Prometheus("http://127.0.0.1:" + port);
        awaitReady(prometheus.url() + "/-/ready");
        return new RemoteWriteReceiver(prometheus, port, tsdb, name);
    }

    /** Registers a process to be stopped with the stack. */
    public ManagedProcess track(ManagedProcess process) {
        processes.add(process);
        return process;
    }

    /** A process this stack started, by name, e.g. to kill it in the middle of a test. */
    public ManagedProcess processNamed(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no process named " + name));
    }

    private static void awaitReady(String url) {
        await("ready: " + url).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Loopback.getOrNull(url) != null);
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
    }
}
