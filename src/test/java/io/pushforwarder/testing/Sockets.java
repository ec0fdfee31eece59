package io.pushforwarder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads /proc to tell which TCP ports a process listens on, without any tool installed. */
public final class Sockets {

    private static final String TCP_LISTEN = "0A";

    private Sockets() {
    }

    /** Local addresses (hex, as in /proc/net/tcp) of the sockets the process holds in LISTEN state. */
    public static List<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while we looked
                }
            }
        }
        return Stream.of("/proc/net/tcp", "/proc/net/tcp6")
                .flatMap(file -> {
                    try {
                        return Files.readAllLines(Path.of(file)).stream().skip(1);
                    } catch (IOException e) {
                        return Stream.empty();
                    }
                })
                .map(line -> line.trim().split("\\s+"))
                .filter(cols -> cols.length > 9 && TCP_LISTEN.equals(cols[3]) && inodes.contains(cols[9]))
                .map(cols -> cols[1])
                .toList();
    }
}
