package io.pushforwarder.cli;

import io.pushforwarder.status.TargetHealth;
import io.pushforwarder.status.TargetStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * forwarder.delete-on-shutdown: a graceful stop removes the groups this process pushed, data and status, so that
 * Prometheus stops seeing a node that was retired on purpose.
 */
final class GroupCleanup {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.push");

    private final CamelContext context;

    GroupCleanup(CamelContext context) {
        this.context = context;
    }

    void deleteAllGroups() {
        // stop the ticks first, or one in flight could push the group again after its delete
        for (Route route : RoundReport.targetRoutes(context)) {
            try {
                context.getRouteController().stopRoute(route.getId());
            } catch (Exception e) {
                LOG.warn("cannot stop route before deleting its groups: route={} reason=\"{}\"", route.getId(),
                        e.getMessage());
            }
        }
        TargetHealth health = context.getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
        if (health == null) {
            return;
        }
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            for (TargetStatus target : health.known()) {
                for (String path : new String[] {target.groupPath(), target.groupPath() + TargetStatus.STATUS_GROUP_SUFFIX}) {
                    producer.send("direct:delete-group", exchange -> {
                        exchange.setProperty("target", target.toString());
                        exchange.setProperty("deleteFrom", target.gatewayUrl());
                        exchange.setProperty("deletePath", path);
                    });
                }
            }
        } catch (Exception e) {
            LOG.warn("deleting the groups on shutdown failed: reason=\"{}\"", e.getMessage());
        }
    }
}
