package io.pushforwarder.cli;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.pushforwarder.config.SecurityConfig;
import io.pushforwarder.security.EnvironmentProxies;
import io.pushforwarder.security.SecureHttpClientConfigurer;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the security keys of both peers and registers the beans the routes name: {@code pushgatewayCredentials} and
 * {@code exporterCredentials} (the Authorization header), {@code pushgatewayHttpClient} and
 * {@code exporterHttpClient} (TLS and proxies). They are registered also when nothing is configured, so that the
 * routes stay the same for plain http without auth.
 */
public final class SecurityBeans {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.security");

    public static final String[] SIDES = {SecurityConfig.PUSHGATEWAY, SecurityConfig.EXPORTER};

    private SecurityBeans() {
    }

    /** The properties come from the context; the proxies from this process' environment. */
    public static void install(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        install(context, key -> isSecret(key) ? quietly(context, key) : properties.resolveProperty(key),
                System.getenv());
    }

    /** The keys whose value is a secret itself; the *-file keys only name a file. */
    static boolean isSecret(String key) {
        return key.endsWith("." + SecurityConfig.PASSWORD) || key.endsWith("." + SecurityConfig.BEARER_TOKEN);
    }

    /**
     * A secret key's value, looked up in Camel's order (local and override properties, env var, -D, the properties
     * file) without Camel's property parser, which logs every value it finds at DEBUG and lists it in the start-up
     * summary (masking "password" but not "token"). A value that is itself a placeholder is resolved by Camel.
     */
    static Optional<String> quietly(CamelContext context, String key) {
        PropertiesComponent properties = context.getPropertiesComponent();
        String value = Optional.ofNullable(properties.getLocalProperties()).map(p -> p.getProperty(key)).orElse(null);
        if (value == null) {
            value = IOHelper.lookupEnvironmentVariable(key);
        }
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null) {
            value = properties.loadProperties(key::equals).getProperty(key);
        }
        if (value != null && value.contains("{{")) {
            value = context.resolvePropertyPlaceholders(value);
        }
        return Optional.ofNullable(value);
    }

    /**
     * The credentials and TLS towards the remote_write receiver, from forwarder.remote-write.* with the same names,
     * checks and secret handling as the gateway's keys; warnings are logged here.
     */
    public static SecurityConfig.Resolved remoteWrite(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        SecurityConfig config = new SecurityConfig(SecurityConfig.REMOTE_WRITE,
                key -> isSecret(key) ? quietly(context, key) : properties.resolveProperty(key));
        SecurityConfig.Resolved resolved = config.resolve();
        LOG.info("{}: {}; tls: {}", SecurityConfig.REMOTE_WRITE, resolved.credentials(), resolved.tls());
        resolved.warnings().forEach(warning -> LOG.warn("{}", warning));
        return resolved;
    }

    static void install(CamelContext context, Function<String, Optional<String>> lookup, Map<String, String> env) {
        EnvironmentProxies proxies = EnvironmentProxies.from(env);
        for (String side : SIDES) {
            SecurityConfig config = new SecurityConfig(side, lookup);
            SecurityConfig.Resolved resolved = config.resolve();
            SecureHttpClientConfigurer httpClient = new SecureHttpClientConfigurer(config.peer(), config.keyPrefix(),
                    resolved.tls(), resolved.clientCertificate(), proxies);
            context.getRegistry().bind(credentialsBean(side), resolved.credentials());
            context.getRegistry().bind(httpClientBean(side), httpClient);
            LOG.info("{}: {}; {}", side, resolved.credentials(), httpClient);
            resolved.warnings().forEach(warning -> LOG.warn("{}", warning));
        }
    }

    static String credentialsBean(String side) {
        return side + "Credentials";
    }

    static String httpClientBean(String side) {
        return side + "HttpClient";
    }
}
