package io.pushforwarder.lock;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The check-leadership filter's predicate: true when the {@link LeaderGuard} bound as {@code leaderGuard} refuses the
 * push. A registry predicate instead of {@code ${bean:leaderGuard?method=mayPush}}, which goes through Camel's bean
 * binding on every tick.
 */
public class PushRefused implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return !exchange.getContext().getRegistry().lookupByNameAndType("leaderGuard", LeaderGuard.class).mayPush();
    }
}
