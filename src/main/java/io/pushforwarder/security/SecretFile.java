package io.pushforwarder.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A password or token kept in a file, read again whenever the file changes, so a rotation needs no restart.
 *
 * <p>Each {@link #value()} costs one stat: the file is re-read only when its modification time, size or identity
 * (inode) differ from the last read, which also catches an atomic rename and a Kubernetes secret's symlink swap.
 * Surrounding white space is removed, as Prometheus does with its password files, so {@code echo secret > file}
 * works.
 */
public final class SecretFile implements Secret {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.security");

    private final String key;
    private final Path path;
    private Stamp stamp;
    private String value;

    /**
     * @param key  the configuration key that names the file, for messages
     * @param path the file
     */
    public SecretFile(String key, Path path) {
        this.key = key;
        this.path = path;
    }

    /** The file's content, stripped; read again only when the file changed since the last call. */
    @Override
    public synchronized String value() throws IOException {
        Stamp now;
        try {
            now = Stamp.of(path);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (now.equals(stamp)) {
            return value;
        }
        String read;
        try {
            read = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (read.isEmpty()) {
            throw new IOException("the secret file " + path + " (" + key + ") is empty");
        }
        if (stamp != null) {
            LOG.info("secret file changed, using its new content: key={} path={}", key, path);
        }
        stamp = now;
        value = read;
        return value;
    }

    @Override
    public String source() {
        return "file " + path;
    }

    public Path path() {
        return path;
    }

    private IOException unreadable(IOException cause) {
        // the JDK's messages name the path and the reason, e.g. NoSuchFileException: /run/secrets/pgw
        return new IOException("cannot read the secret file " + path + " (" + key + "): "
                + cause.getClass().getSimpleName(), cause);
    }

    @Override
    public String toString() {
        return source();
    }

    private record Stamp(FileTime modified, long size, Object fileKey) {
        static Stamp of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Stamp that && modified.equals(that.modified) && size == that.size
                    && Objects.equals(fileKey, that.fileKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size, fileKey);
        }
    }
}
