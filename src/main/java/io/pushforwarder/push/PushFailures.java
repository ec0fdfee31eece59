package io.pushforwarder.push;

import java.io.IOException;

import javax.net.ssl.SSLException;

import io.pushforwarder.security.TlsFailureException;

import org.apache.camel.http.base.HttpOperationFailedException;

/** Tells which failures of a push are worth another try within the tick. */
public class PushFailures {

    /**
     * 5xx answers and network errors are the gateway being busy or away; anything else, a TLS failure included, will
     * fail the same way on every try.
     */
    public boolean retryable(String stageKind, Throwable failure) {
        if (!"push".equals(stageKind)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof TlsFailureException) {
                return false;
            }
        }
        if (failure instanceof HttpOperationFailedException answer) {
            return answer.getStatusCode() >= 500;
        }
        return failure instanceof IOException;
    }

    /** The failures_total{reason} word of a push that failed for good. */
    public String kind(Throwable failure) {
        return failure instanceof HttpOperationFailedException ? "push_status" : "push_error";
    }
}
