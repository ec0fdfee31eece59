package io.pushforwarder.scrape;

import io.pushforwarder.grouping.GroupingKey;
import io.pushforwarder.push.TargetGateways;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultMessage;

/**
 * One target's settings (its route template parameters), checked when its route is created, and handed to the
 * shared forwarding route (forward-target) as exchange properties at each tick.
 *
 * <p>Why one processor instead of a step per setting: Camel builds the error handler of a route once per step, with
 * every onException of forwarder-error-handling, and a target's route used to carry the whole flow, about 70 steps:
 * 1,000 targets then took minutes and more than 512 MiB of heap to start. Now each target's route has three steps
 * and the flow exists once.
 */
public class TargetSettings implements Processor {

    private final GroupingKey groupingKey = new GroupingKey();
    private final TargetRules rules = new TargetRules();
    private final TargetGateways gateways = new TargetGateways();
    private String exporterUrl;
    private String healthUrl = "";
    private String pushgatewayUrls;
    private String method = "PUT";
    private String sinks = "pushgateway";
    private String groupPath;

    @Override
    public void process(Exchange exchange) {
        if (groupPath == null) {
            groupPath = groupingKey.path();
            // one URL, or in replicate mode several comma-separated: the push, status and delete routes split on it
            pushgatewayUrls = gateways.joined();
        }
        exchange.setProperty("target", exchange.getFromRouteId());
        exchange.setProperty("exporterUrl", exporterUrl);
        exchange.setProperty("healthUrl", healthUrl);
        exchange.setProperty("pushgatewayUrl", pushgatewayUrls);
        exchange.setProperty("targetGateways", gateways);
        exchange.setProperty("pushMethod", method);
        exchange.setProperty("sinks", sinks);
        exchange.setProperty("groupPath", groupPath);
        exchange.setProperty("groupLabels", groupingKey.labels());
        exchange.setProperty("targetRules", rules);
        // the tick starts with an empty message: the quartz consumer's fills its headers (job detail, trigger, ...,
        // each turned into a String) the first time anything looks at a header, which every step of the flow does
        exchange.setMessage(new DefaultMessage(exchange));
    }

    public TargetRules rules() {
        return rules;
    }

    public void setExporterUrl(String exporterUrl) {
        this.exporterUrl = exporterUrl;
    }

    public void setHealthUrl(String healthUrl) {
        this.healthUrl = healthUrl == null ? "" : healthUrl;
    }

    public void setPushgatewayUrl(String pushgatewayUrls) {
        gateways.setUrls(pushgatewayUrls);
        groupPath = null;
    }

    public void setPushgatewayMode(String mode) {
        gateways.setMode(mode);
        groupPath = null;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public void setSinks(String sinks) {
        this.sinks = sinks;
    }

    public void setJob(String job) {
        groupingKey.setJob(job);
        gateways.setJob(job);
        groupPath = null;
    }

    public void setInstance(String instance) {
        groupingKey.setInstance(instance);
        gateways.setInstance(instance);
        groupPath = null;
    }

    public void setGroupingLabels(String groupingLabels) {
        groupingKey.setGroupingLabels(groupingLabels);
        gateways.setGroupingLabels(groupingLabels);
        groupPath = null;
    }

    public void setKeepNames(String regex) {
        rules.setKeepNames(regex);
    }

    public void setDropNames(String regex) {
        rules.setDropNames(regex);
    }

    public void setMaxSeries(int maxSeries) {
        rules.setMaxSeries(maxSeries);
    }

    public void setStaticLabels(String labels) {
        rules.setStaticLabels(labels);
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        rules.setMaxBodyBytes(maxBodyBytes);
    }

    public void setInMemoryBytes(long inMemoryBytes) {
        rules.setInMemoryBytes(inMemoryBytes);
    }

    public void setRepairs(boolean repairs) {
        rules.setRepairs(repairs);
    }

    public void setScrapeTimeoutMs(long scrapeTimeoutMs) {
        rules.setScrapeTimeoutMs(scrapeTimeoutMs);
    }
}
