package io.pushforwarder.status;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;

/**
 * One call of {@link TargetHealth} from the forwarding routes' hot path, named in routes/beans.camel.yaml (for
 * example {@code recordTickStart}) and used as {@code process: ref:} or as a filter's {@code ref:} predicate.
 *
 * <p>Why not {@code bean:} and {@code method:} steps: those parse their method string and evaluate a Simple
 * expression per argument on every tick, which was a measurable share of a forward's CPU. The arguments are the
 * exchange properties that TargetSettings and the routes set: {@code target}, {@code pushgatewayUrl},
 * {@code groupPath}, {@code oneGatewayUrl}.
 */
public class TargetHealthStep implements Processor, Predicate {

    /** What the step records or asks. */
    public enum Action {
        /** {@link TargetHealth#tickStarted}. */
        TICK_STARTED,
        /** Predicate: {@link TargetHealth#throttled}. */
        THROTTLED,
        /** {@link TargetHealth#scrapeStarted}, kept in exchange property scrapeStartedNanos. */
        SCRAPE_STARTED,
        /** {@link TargetHealth#pushStarted}. */
        PUSH_STARTED,
        /** {@link TargetHealth#pushed}. */
        PUSHED,
        /** Predicate: {@link TargetHealth#gatewayThrottled} for exchange property oneGatewayUrl. */
        STATUS_GATEWAY_THROTTLED,
        /** The body becomes {@link TargetHealth#statusExposition}. */
        STATUS_BODY,
        /** {@link TargetHealth#statusPushed(String, String)} for exchange property oneGatewayUrl. */
        STATUS_PUSHED
    }

    private TargetHealth targetHealth;
    private Action action;

    public void setTargetHealth(TargetHealth targetHealth) {
        this.targetHealth = targetHealth;
    }

    public void setAction(Action action) {
        this.action = action;
    }

    @Override
    public void process(Exchange exchange) {
        TargetHealth health = health(exchange);
        String target = exchange.getProperty("target", String.class);
        switch (action) {
            case TICK_STARTED -> health.tickStarted(target, exchange.getProperty("pushgatewayUrl", String.class),
                    exchange.getProperty("groupPath", String.class));
            case SCRAPE_STARTED -> exchange.setProperty("scrapeStartedNanos", health.scrapeStarted(target));
            case PUSH_STARTED -> health.pushStarted(target);
            case PUSHED -> health.pushed(target);
            case STATUS_BODY -> exchange.getMessage().setBody(health.statusExposition(target));
            case STATUS_PUSHED -> health.statusPushed(target, exchange.getProperty("oneGatewayUrl", String.class));
            default -> throw new IllegalStateException(action + " is a predicate, not a step");
        }
    }

    @Override
    public boolean matches(Exchange exchange) {
        TargetHealth health = health(exchange);
        String target = exchange.getProperty("target", String.class);
        return switch (action) {
            case THROTTLED -> health.throttled(target);
            case STATUS_GATEWAY_THROTTLED -> health.gatewayThrottled(target,
                    exchange.getProperty("oneGatewayUrl", String.class));
            default -> throw new IllegalStateException(action + " is a step, not a predicate");
        };
    }

    private TargetHealth health(Exchange exchange) {
        return targetHealth != null ? targetHealth
                : exchange.getContext().getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
    }
}
