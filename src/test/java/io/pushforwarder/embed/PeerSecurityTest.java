package io.pushforwarder.embed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.pushforwarder.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kamelets' and host defaults' auth and TLS bean: blank properties are unset, errors hide the secret. */
class PeerSecurityTest {

    @TempDir
    Path dir;

    @Test
    void blankPropertiesMeanNoAuthAndTheJvmTrustStore() throws Exception {
        PeerSecurity security = new PeerSecurity();
        security.setUsername("");
        security.setPasswordFile("");
        security.setCaFile("");
        security.setInsecureSkipVerify("false");
        assertNull(security.authorization());
        assertTrue(security.toString().contains("system trust store"), security.toString());
    }

    @Test
    void basicAuthFromAPasswordFileAndBearerFromAToken() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        PeerSecurity basic = new PeerSecurity();
        basic.setUsername("pusher");
        basic.setPasswordFile(password.toString());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("pusher:s3cret".getBytes(StandardCharsets.UTF_8)),
                basic.authorization());

        PeerSecurity bearer = new PeerSecurity();
        bearer.setPeer("exporter");
        bearer.setBearerToken("token-one");
        assertEquals("Bearer token-one", bearer.authorization());
        assertFalse(bearer.toString().contains("token-one"), bearer.toString());
    }

    @Test
    void aContradictionNamesTheKeyAndHidesTheSecret() {
        PeerSecurity security = new PeerSecurity();
        security.setUsername("pusher");
        security.setPassword("hunter2");
        security.setBearerToken("token-two");
        InvalidConfigurationException failure = assertThrows(InvalidConfigurationException.class,
                security::authorization);
        assertTrue(failure.getMessage().contains("bearer-token"), failure.getMessage());
        assertFalse(failure.getMessage().contains("token-two") || failure.getMessage().contains("hunter2"),
                failure.getMessage());
    }
}
