package io.pushforwarder.routes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Grouping labels, an empty instance and POST, as configured through the properties. */
class GroupingPathRouteTest extends ForwarderRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("forwarder.grouping-labels", "dc=eu/west,rack=r12", "forwarder.method", "POST",
                "forwarder.instance", "");
    }

    @Test
    void valuesThatAPathCannotCarryAreSentAsBase64() {
        tick();

        Request push = dataPushes().get(0);
        String dc = Base64.getUrlEncoder().withoutPadding().encodeToString("eu/west".getBytes(StandardCharsets.UTF_8));
        assertEquals("POST", push.method());
        assertEquals("/metrics/job/node/instance@base64/=/dc@base64/" + dc + "/rack/r12", push.path());
    }
}
