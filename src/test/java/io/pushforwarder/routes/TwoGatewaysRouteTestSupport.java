package io.pushforwarder.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * The routes with two gateways: the fake gateway of {@link ForwarderRouteTestSupport} and a second one. Fakes,
 * because these tests count requests per gateway and make one gateway fail on demand; SeveralPushgatewaysIT covers
 * the real gateways.
 */
abstract class TwoGatewaysRouteTestSupport extends ForwarderRouteTestSupport {

    static final String DATA_PATH = "/metrics/job/node/instance/host-1";
    static final String STATUS_PATH = DATA_PATH + "/push_forwarder/status";

    protected FakeHttpServer second;

    abstract String mode();

    @Override
    protected Map<String, String> extraProperties() {
        try {
            second = new FakeHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("forwarder.pushgateway.url", gateway.url("") + "," + second.url(""),
                "forwarder.pushgateway.mode", mode(),
                "forwarder.stale.delete-after", "2",
                "forwarder.push.retry-delay-ms", "20", "forwarder.push.retry-max-delay-ms", "40");
    }

    @AfterEach
    void stopSecond() {
        second.close();
    }

    static List<String> paths(FakeHttpServer server, String method) {
        return server.requests().stream().filter(r -> r.method().equals(method)).map(Request::path).toList();
    }
}
