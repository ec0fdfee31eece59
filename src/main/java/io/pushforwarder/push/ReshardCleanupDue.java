package io.pushforwarder.push;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The reshard-cleanup filter's predicate: {@link TargetGateways#reshardCleanupDue()} of the tick's target (exchange
 * property {@code targetGateways}). A registry predicate instead of a Simple method call, which Camel resolves by
 * reflection on every tick.
 */
public class ReshardCleanupDue implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        TargetGateways gateways = exchange.getProperty("targetGateways", TargetGateways.class);
        return gateways != null && gateways.reshardCleanupDue();
    }
}
