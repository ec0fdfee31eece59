package io.pushforwarder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.pushforwarder.security.CredentialsSource;
import io.pushforwarder.security.SecureHttpClientConfigurer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The beans the routes name are always there, and secret keys are read past Camel's logging property parser. */
class SecurityBeansTest {

    @TempDir
    Path dir;
    private CamelContext context;

    @BeforeEach
    void createContext() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), """
                forwarder.pushgateway.url = http://127.0.0.1:9091
                forwarder.exporter.url = http://127.0.0.1:9100/metrics
                forwarder.pushgateway.username = pusher
                forwarder.pushgateway.password = from-the-file
                forwarder.exporter.bearer-token = {{exporter.token.elsewhere}}
                exporter.token.elsewhere = nested-token
                """);
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:" + file);
    }

    @AfterEach
    void stopContext() throws Exception {
        context.close();
    }

    @Test
    void theFourBeansAreRegisteredEvenWithNothingConfigured() {
        SecurityBeans.install(context, key -> Optional.empty(), Map.of());

        assertFalse(context.getRegistry().lookupByNameAndType("pushgatewayCredentials", CredentialsSource.class)
                .configured());
        assertFalse(context.getRegistry().lookupByNameAndType("exporterCredentials", CredentialsSource.class)
                .configured());
        assertNotNull(context.getRegistry().lookupByNameAndType("pushgatewayHttpClient",
                SecureHttpClientConfigurer.class));
        assertNotNull(context.getRegistry().lookupByNameAndType("exporterHttpClient",
                SecureHttpClientConfigurer.class));
    }

    @Test
    void secretKeysAreFoundInCamelsOrderWithoutTheParser() {
        assertEquals(Optional.of("from-the-file"), SecurityBeans.quietly(context, "forwarder.pushgateway.password"));
        assertEquals(Optional.of("nested-token"), SecurityBeans.quietly(context, "forwarder.exporter.bearer-token"));

        // override properties (as the route tests set them) beat the file; -D and env vars beat both, as in Camel
        Properties overrides = new Properties();
        overrides.setProperty("forwarder.pushgateway.password", "from-an-override");
        context.getPropertiesComponent().setOverrideProperties(overrides);
        assertEquals(Optional.of("from-an-override"), SecurityBeans.quietly(context, "forwarder.pushgateway.password"));
        System.setProperty("forwarder.pushgateway.password", "from-a-system-property");
        try {
            assertEquals(Optional.of("from-a-system-property"),
                    SecurityBeans.quietly(context, "forwarder.pushgateway.password"));
            assertEquals(Optional.of("from-a-system-property"),
                    context.getPropertiesComponent().resolveProperty("forwarder.pushgateway.password"),
                    "the same answer as Camel's own lookup");
        } finally {
            System.clearProperty("forwarder.pushgateway.password");
        }
        assertEquals(Optional.empty(), SecurityBeans.quietly(context, "forwarder.exporter.password"));
    }

    @Test
    void onlyThePasswordAndTheTokenAreSecretKeys() {
        assertTrue(SecurityBeans.isSecret("forwarder.pushgateway.password"));
        assertTrue(SecurityBeans.isSecret("forwarder.exporter.bearer-token"));
        assertFalse(SecurityBeans.isSecret("forwarder.pushgateway.password-file"));
        assertFalse(SecurityBeans.isSecret("forwarder.exporter.username"));
    }
}
