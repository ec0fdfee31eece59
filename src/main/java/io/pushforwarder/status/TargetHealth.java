package io.pushforwarder.status;

import java.time.Instant;

import io.pushforwarder.exposition.Repair;
import io.pushforwarder.exposition.ValidScrape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding routes' record of every target: what each tick did, the status group it yields, and the log.
 *
 * <p>A dead exporter fails on every tick; one WARN when it goes down and one INFO when it comes back tell the operator
 * everything, where a line per tick would bury it.
 */
public class TargetHealth {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.scrape");
    private static final Logger STATUS_LOG = LoggerFactory.getLogger("forwarder.push");

    static final String SKIPPED = "skipped: ";

    private final Map<String, TargetStatus> targets = new ConcurrentHashMap<>();
    private final String version = BuildInfo.version();

    private TargetStatus status(String target) {
        return targets.computeIfAbsent(target, TargetStatus::new);
    }

    /** The tick began; the destination is recorded so that the status push and deletes know where to go. */
    public void tickStarted(String target, String gatewayUrl, String groupPath) {
        status(target).tickStarted(gatewayUrl, groupPath);
    }

    /** The scrape begins; returns the time, from {@link System#nanoTime()}, its deadline counts from. */
    public long scrapeStarted(String target) {
        long now = System.nanoTime();
        status(target).scrapeStarted(now);
        return now;
    }

    /** The scrape came back good; its size and repairs feed the status group. Returns the size in bytes. */
    public long scraped(String target, ValidScrape scrape) {
        status(target).scraped(scrape.bodyLength(), scrape.seriesCount(), scrape.repairs(), System.nanoTime());
        return scrape.bodyLength();
    }

    /**
     * Whether a failed push may be tried again: the retry about to be made (Camel counts it from 1) is within
     * {@code maxRetries}, and the push began less than {@code budgetMs} ago, so that retries never run into the next
     * tick.
     */
    public boolean retryAllowed(String target, int nextRetry, int maxRetries, long budgetMs) {
        return nextRetry <= maxRetries && status(target).millisSincePushStarted(System.nanoTime()) < budgetMs;
    }

    /**
     * The gateway answered 429: no push until its Retry-After (seconds or an HTTP date; 60 s when absent or
     * unreadable) has passed. Returns the reason to record.
     */
    public String throttle(String target, String retryAfter) {
        Instant until = RetryAfter.parse(retryAfter, Instant.now());
        status(target).throttledUntil(until);
        return "the gateway answered 429 Too Many Requests; no push before " + until;
    }

    /**
     * The same for one gateway of a replicated target ({@code replicaGateway} set): only that gateway is left alone,
     * the others still get the target. With {@code replicaGateway} null or empty it is {@link #throttle(String, String)}.
     */
    public String throttle(String target, String retryAfter, String replicaGateway) {
        if (replicaGateway == null || replicaGateway.isEmpty()) {
            return throttle(target, retryAfter);
        }
        Instant until = RetryAfter.parse(retryAfter, Instant.now());
        status(target).gatewayThrottledUntil(replicaGateway, until);
        return "the gateway answered 429 Too Many Requests; no push to it before " + until;
    }

    /**
     * {@link #throttle(String, String, String)} with the Retry-After taken from the 429 answer's headers
     * ({@code HttpOperationFailedException#getResponseHeaders()}), its name matched in any case.
     */
    public String throttleOn429(String target, Map<String, String> responseHeaders, String replicaGateway) {
        return throttle(target, RetryAfter.of(responseHeaders), replicaGateway);
    }

    /** Whether one gateway of a replicated target asked to wait and its Retry-After has not passed yet. */
    public boolean gatewayThrottled(String target, String gatewayUrl) {
        Instant until = status(target).gatewayThrottledUntil(gatewayUrl);
        return until != null && Instant.now().isBefore(until);
    }

    /** Records the push a throttled gateway of a replicated target did not get this tick. */
    public void gatewaySkippedThrottled(String target, String gatewayUrl) {
        replicaFailed(target, gatewayUrl, "push_throttled", "the gateway asked to wait (429 Retry-After); no push to "
                + "it before " + status(target).gatewayThrottledUntil(gatewayUrl));
    }

    public boolean throttled(String target) {
        Instant until = status(target).throttledUntil();
        return until != null && Instant.now().isBefore(until);
    }

    public String throttleReason(String target) {
        return "the gateway asked to wait (429 Retry-After); no push before " + status(target).throttledUntil();
    }

    public void pushStarted(String target) {
        status(target).pushStarted(System.nanoTime());
    }

    /** Records a tick that pushed; returns true when this is news: the first push, or the first after a failure. */
    public boolean pushed(String target) {
        TargetStatus status = status(target);
        boolean wasUp = status.isUp();
        boolean firstTick = !status.hasOutcome();
        status.pushed(System.nanoTime(), System.currentTimeMillis());
        if (!wasUp && !firstTick) {
            LOG.info("target back up, pushing again: target={}", target);
            return true;
        }
        if (firstTick) {
            LOG.info("first push done: target={} url={}", target, status.pushUrl());
            return true;
        }
        LOG.debug("pushed: target={}", target);
        return false;
    }

    /**
     * Records a tick that pushed nothing; returns true when the target just went down, which is logged at WARN. A new
     * cause while it stays down is logged at INFO, a repeat of the same cause only at DEBUG.
     *
     * @param kind a short, fixed word for the failures_total{reason} label: connect, http_status, empty, ...
     */
    public boolean skipped(String target, String kind, String reason) {
        reason = oneLine(reason);
        TargetStatus status = status(target);
        boolean wasUp = status.isUp() || !status.hasOutcome();
        String previous = status.lastOutcome();
        status.skipped(kind, reason);
        if (wasUp) {
            LOG.warn("tick skipped, nothing pushed: target={} reason=\"{}\"; the gateway keeps the group's last good "
                    + "metrics, next try on the next tick", target, reason);
            return true;
        }
        if (!status.lastOutcome().equals(previous)) {
            LOG.info("target still down, new reason: target={} reason=\"{}\"", target, reason);
        } else {
            LOG.debug("target still down: target={} reason=\"{}\"", target, reason);
        }
        return false;
    }

    /** The status group reached the gateway; a status push that failed before is logged as recovered. */
    public void statusPushed(String target) {
        statusPushed(target, "");
    }

    /** The same for one of the target's gateways. */
    public void statusPushed(String target, String gatewayUrl) {
        if (status(target).statusFailure(gatewayUrl, null) != null) {
            STATUS_LOG.info("status push works again: target={}", target);
        }
    }

    /**
     * The status group did not reach the gateway; logged at WARN when it starts failing or fails differently. When the
     * data push of the same tick failed too, the gateway's problem (wrong credentials, untrusted certificate, down) was
     * logged already, and the status push's failure is only logged at DEBUG: one problem, one line.
     */
    public void statusPushFailed(String target, String reason) {
        statusPushFailed(target, "", reason);
    }

    /** The same for one of the target's gateways: each gateway's failure is logged when it starts or changes. */
    public void statusPushFailed(String target, String gatewayUrl, String reason) {
        if (status(target).pushFailed()) {
            STATUS_LOG.debug("status push failed like the data push: target={} reason=\"{}\"", target, reason);
            return;
        }
        String previous = status(target).statusFailure(gatewayUrl, reason);
        if (!reason.equals(previous)) {
            STATUS_LOG.warn("status push failed: target={} reason=\"{}\"; next try on the next tick", target, reason);
        } else {
            STATUS_LOG.debug("status push still failing: target={} reason=\"{}\"", target, reason);
        }
    }

    /**
     * One gateway of a replicated target took this tick's push. A gateway that failed before is logged as back, once.
     */
    public void replicaPushed(String target, String gatewayUrl) {
        if (status(target).replicaPushed(gatewayUrl) != null) {
            STATUS_LOG.info("gateway takes the target's pushes again: target={} url={}", target, gatewayUrl);
        }
    }

    /**
     * One gateway of a replicated target refused or missed this tick's push; the other gateways still get it. Counted
     * by gateway and reason in the status group; logged at WARN when the gateway starts failing or fails differently.
     */
    public void replicaFailed(String target, String gatewayUrl, String kind, String reason) {
        reason = oneLine(reason);
        String previous = status(target).replicaFailed(gatewayUrl, kind, reason);
        if (!reason.equals(previous)) {
            STATUS_LOG.warn("push to one gateway failed, the others still get the target: target={} url={} "
                    + "reason=\"{}\"; next try on the next tick", target, gatewayUrl, reason);
        } else {
            STATUS_LOG.debug("push to one gateway still failing: target={} url={} reason=\"{}\"", target, gatewayUrl,
                    reason);
        }
    }

    /** How many gateways took this tick's push of a replicated target. */
    public int replicasPushed(String target) {
        return status(target).replicasPushed();
    }

    /** Why the last gateway of a replicated target failed this tick: the reason when every gateway failed. */
    public String replicaFailureKind(String target) {
        return status(target).lastReplicaFailureKind();
    }

    public String replicaFailureReason(String target) {
        return "every gateway failed; the last one: " + status(target).lastReplicaFailureReason();
    }

    /** A dry run got this far: the scrape was good and would have been pushed. */
    public void wouldPush(String target) {
        status(target).dryRun();
    }

    /** True exactly once per outage: on the failed tick that makes the target stale. 0 turns deletes off. */
    public boolean staleDeleteDue(String target, int deleteAfterFailedTicks) {
        return deleteAfterFailedTicks > 0 && status(target).consecutiveFailures() == deleteAfterFailedTicks;
    }

    /** The body of the target's status group. */
    public String statusExposition(String target) {
        return status(target).exposition(version);
    }

    public boolean isUp(String target) {
        TargetStatus status = targets.get(target);
        return status != null && status.isUp();
    }

    /** Why the target's last tick pushed nothing; null while it is up or before its first tick. */
    public String downReason(String target) {
        String outcome = lastOutcome(target);
        return !isUp(target) && outcome.startsWith(SKIPPED) ? outcome.substring(SKIPPED.length()) : null;
    }

    /** One line on what the target's last tick did, for --once and --dry-run. */
    public String lastOutcome(String target) {
        TargetStatus status = targets.get(target);
        return status == null ? TargetStatus.NO_TICK_YET : status.lastOutcome();
    }

    /** The tick is over, status push included. */
    public void tickEnded(String target) {
        status(target).tickEnded();
    }

    /** Whether a whole tick of the target has ended since start-up. */
    public boolean hasTicked(String target) {
        TargetStatus status = targets.get(target);
        return status != null && status.ticksEnded() > 0;
    }

    /** Targets this process has pushed to or tried, with their destinations, e.g. to delete their groups. */
    public List<TargetStatus> known() {
        return targets.values().stream().filter(s -> s.gatewayUrl() != null).toList();
    }

    /** Gateway answers end in a newline; a log line must not. */
    static String oneLine(String text) {
        return text == null ? "(no reason given)" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
