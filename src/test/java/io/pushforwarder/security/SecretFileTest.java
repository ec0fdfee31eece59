package io.pushforwarder.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secret file is cached until it changes, read again when it does, and never shows its content. */
class SecretFileTest {

    private static final String KEY = "forwarder.pushgateway.password-file";

    @TempDir
    Path dir;

    @Test
    void theContentIsReadWithoutSurroundingWhiteSpace() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "  s3cret \n");

        assertEquals("s3cret", new SecretFile(KEY, file).value());
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "first");
        FileTime written = Files.getLastModifiedTime(file);
        SecretFile secret = new SecretFile(KEY, file);
        assertEquals("first", secret.value());

        // same size, same inode, same modification time: the stamp says unchanged, so the cache answers
        Files.writeString(file, "other");
        Files.setLastModifiedTime(file, written);

        assertEquals("first", secret.value());
    }

    @Test
    void aChangedModificationTimeOrSizeRereadsTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "first");
        FileTime written = Files.getLastModifiedTime(file);
        SecretFile secret = new SecretFile(KEY, file);
        assertEquals("first", secret.value());

        Files.writeString(file, "other");
        Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() + 1000));
        assertEquals("other", secret.value());

        Files.writeString(file, "longer one");
        Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() + 1000));
        assertEquals("longer one", secret.value());
    }

    @Test
    void anAtomicReplaceIsSeenEvenWithTheSameTimeAndSize() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "first");
        FileTime written = Files.getLastModifiedTime(file);
        SecretFile secret = new SecretFile(KEY, file);
        assertEquals("first", secret.value());

        // how rotation tools write: a new file renamed over the old one, i.e. a new inode
        Path next = Files.writeString(dir.resolve("pw.new"), "other");
        Files.setLastModifiedTime(next, written);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertEquals("other", secret.value());
    }

    @Test
    void aMissingOrEmptyFileFailsWithoutShowingAnything() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret-value");
        SecretFile secret = new SecretFile(KEY, file);
        secret.value();

        Files.writeString(file, " \n");
        IOException empty = assertThrows(IOException.class, secret::value);
        Files.delete(file);
        IOException missing = assertThrows(IOException.class, secret::value);

        assertEquals("the secret file " + file + " (" + KEY + ") is empty", empty.getMessage());
        assertEquals("cannot read the secret file " + file + " (" + KEY + "): NoSuchFileException",
                missing.getMessage());
        assertFalse(missing.getMessage().contains("s3cret"));
    }

    @Test
    void toStringNamesTheFileOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret-value");
        SecretFile secret = new SecretFile(KEY, file);
        secret.value();

        assertEquals("file " + file, secret.toString());
        assertTrue(!secret.toString().contains("s3cret"));
    }
}
