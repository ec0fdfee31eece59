package io.pushforwarder.push;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pushforwarder.config.ForwarderConfig;
import io.pushforwarder.config.InvalidConfigurationException;
import io.pushforwarder.grouping.GroupingKey;

/**
 * The Pushgateways one target pushes to, decided once when its route is created: in shard mode the one gateway that
 * owns its grouping key, in replicate mode all of them. Data group, status group and deletes all go to the same
 * gateways, so an alert sees a target's data and status together.
 *
 * <p>Built with setters so that the route template can declare it as a local bean, like {@link GroupingKey}; a bad
 * list stops start-up.
 */
public final class TargetGateways {

    private String urls;
    private GatewayMode mode = GatewayMode.SHARD;
    private String job;
    private String instance = "";
    private String groupingLabels = "";
    private final AtomicBoolean reshardCleanupDone = new AtomicBoolean();

    /** A target's pushgatewayUrl: one URL or several, comma-separated; a bad one stops start-up with exit code 2. */
    public void setUrls(String urls) {
        try {
            GatewayList.parse(urls);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("pushgatewayUrl", urls, e.getMessage(),
                    "set the gateways' base URLs, each once, comma-separated, e.g. "
                            + "http://10.0.0.1:9091,http://10.0.0.2:9091");
        }
        this.urls = urls;
    }

    public void setMode(String mode) {
        try {
            this.mode = GatewayMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(ForwarderConfig.PUSHGATEWAY_MODE, mode, "not a gateway mode",
                    "set shard or replicate");
        }
    }

    public void setJob(String job) {
        this.job = job;
    }

    public void setInstance(String instance) {
        this.instance = instance == null ? "" : instance;
    }

    public void setGroupingLabels(String groupingLabels) {
        this.groupingLabels = groupingLabels == null ? "" : groupingLabels;
    }

    /** Every gateway in the list, in the order given. */
    public List<String> all() {
        return GatewayList.parse(urls);
    }

    /** The gateways this target's groups go to: one in shard mode, every one in replicate mode. */
    public List<String> targets() {
        List<String> all = all();
        if (all.size() == 1 || mode == GatewayMode.REPLICATE) {
            return all;
        }
        return List.of(RendezvousHashing.owner(hashKey(), all));
    }

    /** The same, comma-separated: the form the routes split on. One gateway is its plain URL. */
    public String joined() {
        return String.join(",", targets());
    }

    /** The gateways that do not own this target in shard mode, comma-separated; empty otherwise. */
    public String notOwning() {
        List<String> owners = targets();
        return String.join(",", all().stream().filter(url -> !owners.contains(url)).toList());
    }

    /**
     * True once per process, when this target's groups should be deleted from the gateways that do not own it: after
     * gateways were added or removed, the old owner still holds the last push of a moved target, and would show it
     * forever. A DELETE of a group a gateway does not hold is a no-op there (202).
     */
    public boolean reshardCleanupDue() {
        return mode == GatewayMode.SHARD && all().size() > 1 && reshardCleanupDone.compareAndSet(false, true);
    }

    /** The grouping key's path: job, instance and grouping labels, in one canonical spelling. */
    String hashKey() {
        return GroupingKey.of(job, instance, groupingLabels).path();
    }
}
