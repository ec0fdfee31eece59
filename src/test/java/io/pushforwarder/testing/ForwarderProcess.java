package io.pushforwarder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * push-forwarder as a user runs it: {@code java -jar target/push-forwarder.jar} with the launcher's JVM flags, in a
 * folder holding a copy of just config/ and routes/, configured through env vars.
 */
public final class ForwarderProcess {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    public static final Path JAR = PROJECT.resolve("target/push-forwarder.jar");

    private ForwarderProcess() {
    }

    /** Copies config/ and routes/ into a fresh working folder, as an operator installing it would. */
    public static Path workDir(Path parent, String name) throws IOException {
        Path work = Files.createDirectories(parent.resolve(name));
        for (String folder : List.of("config", "routes")) {
            Path source = PROJECT.resolve(folder);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = work.resolve(folder).resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
        }
        return work;
    }

    public static ManagedProcess start(String name, Path workDir, Map<String, String> env, String... args)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is missing: integration tests run after `mvn package`");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(launcherJvmFlags());
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return ManagedProcess.start(name, command, workDir, env, workDir.getParent());
    }

    /**
     * The JVM flags bin/push-forwarder starts the forwarder with, read from the launcher itself so that the tests
     * run the JVM as it is shipped: its start-up time and footprint are the ones users get.
     */
    static List<String> launcherJvmFlags() throws IOException {
        for (String line : Files.readAllLines(PROJECT.resolve("bin/push-forwarder"))) {
            if (line.startsWith("JVM_DEFAULTS=\"")) {
                return List.of(line.substring("JVM_DEFAULTS=\"".length(), line.lastIndexOf('"')).split(" "));
            }
        }
        throw new AssertionError("bin/push-forwarder has no JVM_DEFAULTS line");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
