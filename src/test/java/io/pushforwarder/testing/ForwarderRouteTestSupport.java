package io.pushforwarder.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.pushforwarder.cli.ForwarderStartup;
import io.pushforwarder.lock.LeaderGuard;
import io.pushforwarder.remotewrite.RemoteWriteForwarder;
import org.apache.camel.spi.Registry;
import io.pushforwarder.cli.SecurityBeans;
import io.pushforwarder.testing.FakeHttpServer.Request;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Drives the real routes (routes/*.yaml with config/application.properties) one tick at a time: the quartz trigger is
 * replaced by direct:tick so each test decides when a tick happens. Fakes stand on both sides because these tests
 * look at what the gateway receives, headers included, which the real gateway does not reveal; the real stack is
 * covered by the integration tests.
 */
public abstract class ForwarderRouteTestSupport extends CamelMainTestSupport {

    protected static final String STATUS_SUFFIX = "/push_forwarder/status";
    protected static final String METRICS = """
            # HELP node_load1 1m load average.
            # TYPE node_load1 gauge
            node_load1 0.25
            """;

    protected FakeHttpServer exporter;
    protected FakeHttpServer gateway;

    @Override
    protected void doPreSetup() throws Exception {
        exporter = new FakeHttpServer();
        gateway = new FakeHttpServer();
        exporter.answer.with(200, METRICS, Map.of("Content-Type", "text/plain; version=0.0.4"));
        Properties overrides = new Properties();
        overrides.put("forwarder.exporter.url", exporter.url("/metrics"));
        overrides.put("forwarder.pushgateway.url", gateway.url(""));
        overrides.put("forwarder.instance", "host-1");
        overrides.put("forwarder.lock.enabled", "false");
        overrides.putAll(extraProperties());
        camelContextConfiguration()
                .withUseOverridePropertiesWithPropertiesComponent(overrides)
                .replaceRouteFromWith("forward-node-exporter", "direct:tick");
    }

    /** The guard the route asks before each push, bound as ForwarderStartup binds it; it allows every push at first. */
    protected final LeaderGuard leaderGuard = new LeaderGuard();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind(ForwarderStartup.LEADER_GUARD, leaderGuard);
        // no remote_write receiver in route tests: a target that names the sink would fail loudly
        registry.bind("remoteWrite", new RemoteWriteForwarder(null));
    }

    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** The security beans the routes name, from the same keys as in production (ForwarderStartup registers them). */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        SecurityBeans.install(context);
        return context;
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    @AfterEach
    void stopFakes() {
        exporter.close();
        gateway.close();
    }

    protected void tick() {
        template.sendBody("direct:tick", null);
    }

    /** The pushes of the data group, leaving out the status group pushed on every tick. */
    protected List<Request> dataPushes() {
        return gateway.requests().stream().filter(r -> !r.path().endsWith(STATUS_SUFFIX)).toList();
    }

    protected List<Request> statusPushes() {
        return gateway.requests().stream().filter(r -> r.path().endsWith(STATUS_SUFFIX)).toList();
    }
}
