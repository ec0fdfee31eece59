package io.pushforwarder.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Authorization header value: Basic as RFC 7617 spells it, Bearer as is, rotated from files, never printed. */
class CredentialsSourceTest {

    @TempDir
    Path dir;

    @Test
    void noCredentialsGiveNoHeader() throws IOException {
        assertNull(CredentialsSource.none().authorization());
        assertFalse(CredentialsSource.none().configured());
    }

    @Test
    void basicIsUserColonPasswordInUtf8Base64() throws IOException {
        CredentialsSource basic = CredentialsSource.basic("pusher", Secret.fixed("k", "pä:ss wörd"));

        String header = basic.authorization();

        assertTrue(header.startsWith("Basic "), header);
        assertEquals("pusher:pä:ss wörd",
                new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8));
    }

    @Test
    void bearerSendsTheTokenAsIs() throws IOException {
        assertEquals("Bearer eyJhbGciOi.x-y_z~", CredentialsSource.bearer(Secret.fixed("k", "eyJhbGciOi.x-y_z~"))
                .authorization());
    }

    @Test
    void aRotatedFileChangesTheHeaderOnTheNextCall() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "token-one\n");
        CredentialsSource bearer = CredentialsSource.bearer(new SecretFile("forwarder.exporter.bearer-token-file",
                file));
        assertEquals("Bearer token-one", bearer.authorization());

        Files.writeString(file, "token-two\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000));

        assertEquals("Bearer token-two", bearer.authorization());
    }

    @Test
    void aTokenFileWithWhiteSpaceInsideIsRefusedWithoutShowingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "two words");
        CredentialsSource bearer = CredentialsSource.bearer(new SecretFile("k", file));

        IOException e = assertThrows(IOException.class, bearer::authorization);

        assertTrue(e.getMessage().contains("white space or control characters"), e.getMessage());
        assertFalse(e.getMessage().contains("two words"), e.getMessage());
    }

    @Test
    void aUserNameWithAColonCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> CredentialsSource.basic("a:b", Secret.fixed("k", "x")));
    }

    @Test
    void toStringTellsKindUserAndSourceButNeverTheSecret() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "file-secret");
        CredentialsSource fromKey = CredentialsSource.basic("pusher",
                Secret.fixed("forwarder.pushgateway.password", "key-secret"));
        CredentialsSource fromFile = CredentialsSource.basic("pusher", new SecretFile("k", file));
        CredentialsSource token = CredentialsSource.bearer(Secret.fixed("forwarder.pushgateway.bearer-token",
                "token-secret"));
        fromKey.authorization();
        fromFile.authorization();
        token.authorization();

        assertEquals("basic auth as 'pusher', password from forwarder.pushgateway.password", fromKey.toString());
        assertEquals("basic auth as 'pusher', password from file " + file, fromFile.toString());
        assertEquals("bearer token from forwarder.pushgateway.bearer-token", token.toString());
        assertEquals("no authentication", CredentialsSource.none().toString());
    }

    @Test
    void asTheRoutesRefExpressionItGivesTheHeaderOrNone() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        assertEquals("Bearer tok", CredentialsSource.bearer(Secret.fixed("k", "tok")).evaluate(exchange, String.class));
        assertNull(CredentialsSource.none().evaluate(exchange, String.class));
    }

    @Test
    void asAnExpressionAnUnusableSecretFailsWithItsIoErrorAsTheCause() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        CredentialsSource spaced = CredentialsSource.bearer(Secret.fixed("forwarder.pushgateway.bearer-token", "a b"));

        RuntimeCamelException failure = assertThrows(RuntimeCamelException.class,
                () -> spaced.evaluate(exchange, String.class));

        assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
        assertTrue(failure.getCause().getMessage().contains("white space"), failure.getCause().getMessage());
    }
}
