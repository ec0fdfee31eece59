package io.pushforwarder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Debian's ZooKeeper server, standalone, on a fixed loopback port. It can be stopped and started again on the same
 * port with the same data folder, as an outage and its end look to the forwarders: sessions and lock nodes that were
 * saved survive the restart and expire on the server's clock.
 */
public final class ZooKeeperServer {

    public static final String JAR = "/usr/share/java/zookeeper.jar";
    /** ZooKeeper logs through slf4j; Debian's zookeeper package depends on the package that ships this binding. */
    private static final String SLF4J_BINDING = "/usr/share/java/slf4j-simple.jar";
    /** Sessions may last from 2 to 20 ticks: 1 s to 10 s, and the server expires them to within half a second. */
    private static final int TICK_MS = 500;

    private final RealStack stack;
    private final int port;
    private final Path config;
    private ManagedProcess process;
    private int starts;

    ZooKeeperServer(RealStack stack, int port) throws IOException {
        this.stack = stack;
        this.port = port;
        Path data = Files.createDirectories(stack.dir().resolve("zookeeper-" + port));
        this.config = stack.dir().resolve("zoo-" + port + ".cfg");
        Files.writeString(config, """
                tickTime=%d
                dataDir=%s
                clientPort=%d
                clientPortAddress=127.0.0.1
                admin.enableServer=false
                4lw.commands.whitelist=ruok
                """.formatted(TICK_MS, data, port));
    }

    public int port() {
        return port;
    }

    /** host:port for {@code forwarder.lock.zookeeper.nodes}. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** Starts the server, or starts it again after {@link #stop()}, and waits until it answers. */
    public ZooKeeperServer start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("ZooKeeper on port " + port + " is running already");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the jar's manifest names the rest of its classpath in /usr/share/java
        process = stack.track(ManagedProcess.start("zookeeper-" + port + "-" + ++starts, List.of(java, "-Xmx128m",
                "-cp", JAR + ":" + SLF4J_BINDING, "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                config.toString()), stack.dir(), Map.of(), stack.dir()));
        await("ZooKeeper to answer on " + connectString()).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> "imok".equals(fourLetterWord("ruok")));
        return this;
    }

    /** SIGTERM: the server closes every client connection, which its clients notice at once. */
    public void stop() throws InterruptedException {
        process.stop();
    }

    private String fourLetterWord(String word) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
