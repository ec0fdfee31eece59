package io.pushforwarder.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node distribution as an operator installs it: target/push-forwarder-&lt;version&gt;.tar.gz unpacked into a
 * fresh folder, bin/push-forwarder started from unrelated working directories against a real node_exporter and
 * Pushgateway, and the systemd units checked by systemd-analyze.
 */
class DistributionIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String SHIPPED_EXEC_START = "ExecStart=/opt/push-forwarder/bin/push-forwarder";
    private static final String DEBIAN_NODE_EXPORTER_UNIT = "/lib/systemd/system/prometheus-node-exporter.service";

    @TempDir
    static Path unpacked;
    private static String version;
    private static Path home;

    @TempDir
    Path dir;
    private RealStack stack;

    @BeforeAll
    static void unpackTheTarball() throws Exception {
        try (JarFile jar = new JarFile(PROJECT.resolve("target/push-forwarder.jar").toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        Path tarball = PROJECT.resolve("target/push-forwarder-" + version + ".tar.gz");
        assertTrue(Files.isRegularFile(tarball), tarball + " is missing: `mvn package` builds it");
        assertEquals(0, run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString())).exit);
        home = unpacked.resolve("push-forwarder-" + version);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (stack != null) {
            stack.close();
        }
        // the links into the unpacked home go first, so that JUnit's clean-up finds none to warn about
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path link : files.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        }
    }

    @Test
    void theTarballHoldsTheLauncherTheLibrariesTheConfigurationAndTheRoutes() throws Exception {
        assertEquals(List.of(home), list(unpacked), "one top folder, push-forwarder-<version>");
        assertEquals(Set.of("bin", "lib", "config", "routes", "README.md"), names(home));
        assertEquals(Set.of("push-forwarder"), names(home.resolve("bin")));
        assertTrue(Files.isExecutable(home.resolve("bin/push-forwarder")));

        // lib/ is the runtime classpath of `java -jar target/push-forwarder.jar`, plus the thin application jar
        Set<String> expectedLib = new TreeSet<>(names(PROJECT.resolve("target/lib")));
        expectedLib.add("push-forwarder-" + version + ".jar");
        assertEquals(expectedLib, new TreeSet<>(names(home.resolve("lib"))));
        try (JarFile app = new JarFile(home.resolve("lib/push-forwarder-" + version + ".jar").toFile())) {
            assertTrue(app.stream().noneMatch(e -> e.getName().startsWith("org/apache/camel/")),
                    "the application jar stays thin: its dependencies sit beside it in lib/");
        }

        assertEquals(tree(PROJECT.resolve("config")), tree(home.resolve("config")));
        assertTrue(tree(home.resolve("config")).containsAll(List.of("application.properties",
                "systemd/push-forwarder.service", "systemd/push-forwarder.env",
                "systemd/prometheus-node-exporter.service.d/loopback.conf")));
        assertEquals(names(PROJECT.resolve("routes")), names(home.resolve("routes")));
        for (String route : names(home.resolve("routes"))) {
            assertEquals(Files.readString(PROJECT.resolve("routes").resolve(route)),
                    Files.readString(home.resolve("routes").resolve(route)), route);
        }
    }

    @Test
    void runsThroughASymlinkFromAnyDirectoryWithJavaOptsAndStopsOnSigterm() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        Pushgateway gateway = stack.startPushgateway();
        // as /usr/local/bin/push-forwarder would be: an absolute link, reached through a relative one
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("push-forwarder"), home.resolve("bin/push-forwarder"));
        Files.createSymbolicLink(links.resolve("pf"), Path.of("push-forwarder"));

        Map<String, String> env = new HashMap<>();
        env.put("FORWARDER_EXPORTER_URL", exporter);
        env.put("FORWARDER_PUSHGATEWAY_URL", gateway.url());
        env.put("FORWARDER_LOCK_DIR", dir.resolve("lock").toString());
        env.put("JAVA_OPTS", "-Dforwarder.instance=from-java-opts -Xmx96m");
        ManagedProcess forwarder = stack.track(launch("via-symlink", links.resolve("pf").toString(), Path.of("/"),
                env));

        await("the group pushed by the distribution").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).failFast(() -> !forwarder.isAlive())
                .until(() -> gateway.pushTimesByInstance("node").containsKey("from-java-opts"));

        // exec: the process started is the JVM itself, with no shell left between it and the signals
        Path proc = Path.of("/proc", Long.toString(forwarder.pid()));
        assertTrue(Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString().equals("java"),
                Files.readSymbolicLink(proc.resolve("exe")).toString());
        // it runs in its home, whatever the caller's directory was
        assertEquals(home.toRealPath(), proc.resolve("cwd").toRealPath());
        List<String> args = commandLine(forwarder.pid());
        assertTrue(args.containsAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", home.toRealPath() + "/lib/*", "io.pushforwarder.PushForwarder")),
                args.toString());
        // JAVA_OPTS comes after the defaults: for the JVM the last of two flags wins
        assertTrue(args.indexOf("-Xmx96m") > args.indexOf("-Xmx64m"), args.toString());
        assertTrue(args.indexOf("-Xmx96m") < args.indexOf("-cp"), args.toString());

        forwarder.stop();
        assertEquals(143, forwarder.awaitExit(Duration.ofSeconds(5)), forwarder.output());
        assertTrue(forwarder.output().contains("push-forwarder stopping"), forwarder.output());
        assertFalse(forwarder.output().contains("Exception"), forwarder.output());
    }

    @Test
    void forwarderHomeOverridesTheHomeAndRelativePathsAreTheCallers() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        Pushgateway gateway = stack.startPushgateway();
        // another home: its own config/ and routes/, the libraries of the unpacked one
        Path other = Files.createDirectories(dir.resolve("other-home"));
        copyTree(home.resolve("routes"), other.resolve("routes"));
        copyTree(home.resolve("config"), other.resolve("config"));
        Files.createSymbolicLink(other.resolve("lib"), home.resolve("lib"));
        Path properties = other.resolve("config/application.properties");
        Files.writeString(properties, Files.readString(properties)
                .replace("forwarder.job = node\n", "forwarder.job = from-other-home\n"));
        Path caller = Files.createDirectories(dir.resolve("caller"));
        // a state folder that cannot be created (below a regular file, which stops even root): no archive, no harm
        Path unusableState = Files.writeString(dir.resolve("a-file"), "x").resolve("state");

        Map<String, String> env = new HashMap<>();
        env.put("FORWARDER_HOME", "../other-home");     // relative to the caller's directory
        env.put("FORWARDER_LOCK_DIR", "lock");           // likewise: caller/lock, not other-home/lock
        env.put("FORWARDER_STATE_DIR", unusableState.toString());
        env.put("FORWARDER_EXPORTER_URL", exporter);
        env.put("FORWARDER_PUSHGATEWAY_URL", gateway.url());
        env.put("FORWARDER_INSTANCE", "home-override");
        ManagedProcess forwarder = stack.track(launch("home-override", home.resolve("bin/push-forwarder").toString(),
                caller, env));

        await("the group configured in the other home").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).failFast(() -> !forwarder.isAlive())
                .until(() -> gateway.pushTimesByInstance("from-other-home").containsKey("home-override"));
        assertEquals(other.toRealPath(), Path.of("/proc", Long.toString(forwarder.pid()), "cwd").toRealPath());
        assertTrue(Files.exists(caller.resolve("lock/push-forwarder")), "the lock file is in the caller's lock/");
        assertFalse(Files.exists(other.resolve("lock")));
        assertTrue(commandLine(forwarder.pid()).stream().noneMatch(arg -> arg.contains("SharedArchive")
                || arg.contains("ArchiveClassesAtExit")), commandLine(forwarder.pid()).toString());

        forwarder.stop();
        assertEquals(143, forwarder.awaitExit(Duration.ofSeconds(5)), forwarder.output());
    }

    @Test
    void aClassDataArchiveIsWrittenAtExitTriedOnceThenMappedAndABrokenOneIsDeleted() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        Pushgateway gateway = stack.startPushgateway();
        Path cds = dir.resolve("state/cds");
        Map<String, String> env = new HashMap<>();
        env.put("FORWARDER_EXPORTER_URL", exporter);
        env.put("FORWARDER_PUSHGATEWAY_URL", gateway.url());
        env.put("FORWARDER_LOCK_DIR", dir.resolve("lock").toString());
        env.put("FORWARDER_STATE_DIR", dir.resolve("state").toString());

        // 1. no archive yet: this run writes one when it exits, under a name of its own (its pid)
        ManagedProcess first = runUntilPushedAndStop("cds-1", env, gateway);
        Path written = single(cds);
        assertTrue(written.getFileName().toString().matches("push-forwarder-\\d+\\.new\\." + first.pid() + "\\.jsa"),
                written.toString());
        String key = written.getFileName().toString().replaceAll("\\.new\\..*", "");

        // 2. cut in half, as by a JVM killed while writing it: the trial rejects it, the forwarder runs without
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        ManagedProcess second = runUntilPushedAndStop("cds-2", env, gateway);
        assertTrue(second.output().contains("push-forwarder: deleted an unusable class-data archive, " + written),
                second.output());
        assertFalse(Files.exists(written));

        // 3. the second run's archive passes the trial, is promoted and mapped by the JVM
        env.put("FORWARDER_INSTANCE", "cds-3");
        ManagedProcess third = stack.track(launch("cds-3", home.resolve("bin/push-forwarder").toString(),
                Path.of("/"), env));
        await("cds-3 to push").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .failFast(() -> !third.isAlive())
                .until(() -> gateway.pushTimesByInstance("node").containsKey("cds-3"));
        Path archive = cds.resolve(key + ".jsa");
        assertEquals(archive, single(cds));
        assertTrue(Files.readString(Path.of("/proc", Long.toString(third.pid()), "maps")).contains(archive.toString()),
                "the JVM maps " + archive);
        third.stop();
        assertEquals(143, third.awaitExit(Duration.ofSeconds(5)), third.output());
        assertEquals(archive, single(cds), "a run that used the archive writes none");

        // 4. other JVM flags make another archive: this run writes a new one instead of using the old
        env.put("JAVA_OPTS", "-Xmx80m");
        env.put("FORWARDER_INSTANCE", "cds-4");
        ManagedProcess fourth = stack.track(launch("cds-4", home.resolve("bin/push-forwarder").toString(),
                Path.of("/"), env));
        fourth.awaitOutput("push-forwarder started", Duration.ofSeconds(30));
        List<String> args = commandLine(fourth.pid());
        assertTrue(args.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + cds + "/push-forwarder-")),
                args.toString());
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), args.toString());
        fourth.stop();
        assertEquals(143, fourth.awaitExit(Duration.ofSeconds(5)), fourth.output());
    }

    private ManagedProcess runUntilPushedAndStop(String instance, Map<String, String> env, Pushgateway gateway)
            throws Exception {
        Map<String, String> withInstance = new HashMap<>(env);
        withInstance.put("FORWARDER_INSTANCE", instance);
        ManagedProcess forwarder = stack.track(launch(instance, home.resolve("bin/push-forwarder").toString(),
                Path.of("/"), withInstance));
        await(instance + " to push").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .failFast(() -> !forwarder.isAlive())
                .until(() -> gateway.pushTimesByInstance("node").containsKey(instance));
        forwarder.stop();
        assertEquals(143, forwarder.awaitExit(Duration.ofSeconds(5)), forwarder.output());
        return forwarder;
    }

    private static Path single(Path folder) throws IOException {
        List<Path> files = list(folder);
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    @Test
    void theLauncherExplainsItselfAndRefusesAFolderThatIsNoHome() throws Exception {
        Result help = run(withCleanEnvironment(List.of(home.resolve("bin/push-forwarder").toString(), "--help")));
        assertEquals(0, help.exit, help.output);
        assertTrue(help.output.startsWith("Usage: push-forwarder"), help.output);

        Map<String, String> env = Map.of("FORWARDER_HOME", dir.toString());
        ManagedProcess noHome = launch("no-home", home.resolve("bin/push-forwarder").toString(), Path.of("/"), env);
        assertEquals(2, noHome.awaitExit(Duration.ofSeconds(10)), noHome.output());
        assertEquals("push-forwarder: " + dir.toRealPath() + " is not a push-forwarder home: it has no lib/"
                + " (FORWARDER_HOME)\n", noHome.output());
    }

    @Test
    void theSystemdUnitsPassSystemdAnalyzeVerify() throws Exception {
        String analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new AssertionError("systemd-analyze is missing; install it with: apt-get install -y"
                        + " --no-install-recommends systemd (bin/test does this)"));
        Path shipped = home.resolve("config/systemd");

        // push-forwarder.service, its ExecStart pointed at the unpacked launcher: verify insists the binary exists
        String unit = Files.readString(shipped.resolve("push-forwarder.service"));
        assertTrue(unit.lines().anyMatch(SHIPPED_EXEC_START::equals), "the documented install location");
        Path units = Files.createDirectories(dir.resolve("units"));
        Files.writeString(units.resolve("push-forwarder.service"),
                unit.replace(SHIPPED_EXEC_START, "ExecStart=" + home.resolve("bin/push-forwarder")));
        assertVerifies(analyze, units.resolve("push-forwarder.service"));

        // the drop-in, loaded with Debian's own unit from a folder that mirrors /etc/systemd/system
        Path debianUnit = Path.of(DEBIAN_NODE_EXPORTER_UNIT);
        assertTrue(Files.isRegularFile(debianUnit), debianUnit + " is missing: apt-get install prometheus-node-exporter");
        Path exporterUnits = Files.createDirectories(dir.resolve("exporter-units"));
        Files.copy(debianUnit, exporterUnits.resolve("prometheus-node-exporter.service"));
        Path dropIns = Files.createDirectories(exporterUnits.resolve("prometheus-node-exporter.service.d"));
        String dropIn = Files.readString(shipped.resolve("prometheus-node-exporter.service.d/loopback.conf"));
        assertTrue(dropIn.contains("--web.listen-address=127.0.0.1:9100"), dropIn);
        Files.writeString(dropIns.resolve("loopback.conf"), dropIn);
        assertVerifies(analyze, exporterUnits.resolve("prometheus-node-exporter.service"));

        // the check has teeth: without its empty ExecStart= line the drop-in adds a second command, and fails
        Files.writeString(dropIns.resolve("loopback.conf"), dropIn.replace("\nExecStart=\n", "\n"));
        Result broken = run(List.of(analyze, "verify",
                exporterUnits.resolve("prometheus-node-exporter.service").toString()));
        assertNotEquals(0, broken.exit, broken.output);
        assertTrue(broken.output.contains("more than one ExecStart="), broken.output);
    }

    /** verify exits 0 even for unknown keys, which it only warns about: any word about the unit fails the test. */
    private static void assertVerifies(String analyze, Path unitFile) throws Exception {
        Result verify = run(List.of(analyze, "verify", unitFile.toString()));
        assertEquals(0, verify.exit, verify.output);
        String unitName = unitFile.getFileName().toString();
        assertFalse(verify.output.contains(unitName) || verify.output.contains(unitFile.getParent().toString()),
                "systemd-analyze verify " + unitName + ":\n" + verify.output);
    }

    /** bin/push-forwarder as an operator starts it, with none of the test run's own settings. */
    private ManagedProcess launch(String name, String launcher, Path workDir, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add("env");
        for (String inherited : System.getenv().keySet()) {
            if (isOurs(inherited) && !env.containsKey(inherited)) {
                command.addAll(List.of("-u", inherited));
            }
        }
        command.add(launcher);
        return ManagedProcess.start(name, command, workDir, env, dir);
    }

    private static List<String> withCleanEnvironment(List<String> command) {
        List<String> clean = new ArrayList<>(List.of("env"));
        System.getenv().keySet().stream().filter(DistributionIT::isOurs)
                .forEach(k -> clean.addAll(List.of("-u", k)));
        clean.addAll(command);
        return clean;
    }

    /** What the launcher reads: a value inherited from the test run's own environment must not leak in. */
    private static boolean isOurs(String variable) {
        return variable.startsWith("FORWARDER_") || variable.equals("JAVA_OPTS") || variable.equals("STATE_DIRECTORY");
    }

    private static List<String> commandLine(long pid) throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
        return List.of(raw.split("\0"));
    }

    private record Result(int exit, String output) {
    }

    /** A short command, its output, bounded in time. */
    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    private static Set<String> names(Path folder) throws IOException {
        return list(folder).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }

    /** The regular files below a folder, as relative paths. */
    private static Set<String> tree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
