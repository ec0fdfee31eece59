package io.pushforwarder.push;

import io.pushforwarder.status.TargetHealth;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The retryWhile of the push retry: another try is allowed while {@link TargetHealth#retryAllowed} says so. A
 * registry predicate for the reason given in {@link RetryablePush}.
 */
public class PushRetryBudget implements Predicate {

    private TargetHealth targetHealth;
    private int retries = 3;
    private long budgetMs = 10_000;

    public void setTargetHealth(TargetHealth targetHealth) {
        this.targetHealth = targetHealth;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public void setBudgetMs(long budgetMs) {
        this.budgetMs = budgetMs;
    }

    @Override
    public boolean matches(Exchange exchange) {
        TargetHealth health = targetHealth != null ? targetHealth
                : exchange.getContext().getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
        Integer next = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        return health.retryAllowed(exchange.getProperty("target", String.class), next == null ? 0 : next, retries,
                budgetMs);
    }
}
