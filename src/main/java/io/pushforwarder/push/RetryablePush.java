package io.pushforwarder.push;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The onWhen of the push retry, as a registry predicate ({@code ref:} language) rather than a {@code method:}
 * expression: Camel builds a route's error handler once per step, and a {@code method:} expression there
 * introspects its bean class each time (about 40 MethodInfo objects per step, 3,400 per target), which made
 * 1,000 targets take minutes and more than 512 MiB of heap to start. A predicate bean is one shared object.
 */
public class RetryablePush implements Predicate {

    private final PushFailures failures = new PushFailures();

    @Override
    public boolean matches(Exchange exchange) {
        return failures.retryable(exchange.getProperty("stageKind", String.class), failure(exchange));
    }

    static Throwable failure(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
