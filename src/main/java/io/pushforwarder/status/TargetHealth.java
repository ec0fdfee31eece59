package io.pushforwarder.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers whether each target's last tick pushed, and logs only when that changes.
 *
 * <p>A dead exporter fails on every tick; one WARN when it goes down and one INFO when it comes back tell the operator
 * everything, where a line per tick would bury it.
 */
public class TargetHealth {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.scrape");

    /** target id to the reason of its last failure; absent while the target is up. */
    private final Map<String, String> downReasons = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    /** Records a tick that pushed; returns true when this is news: the first push, or the first after a failure. */
    public boolean pushed(String target) {
        boolean firstTick = seen.put(target, Boolean.TRUE) == null;
        String previous = downReasons.remove(target);
        if (previous != null) {
            LOG.info("target back up, pushing again: target={} (was down: {})", target, previous);
            return true;
        }
        if (firstTick) {
            LOG.info("first push done: target={}", target);
            return true;
        }
        LOG.debug("pushed: target={}", target);
        return false;
    }

    /**
     * Records a tick that pushed nothing; returns true when the target just went down, which is logged at WARN. A new
     * cause while it stays down is logged at INFO, a repeat of the same cause only at DEBUG.
     */
    public boolean skipped(String target, String reason) {
        boolean firstTick = seen.put(target, Boolean.TRUE) == null;
        String previous = downReasons.put(target, reason);
        if (firstTick || previous == null) {
            LOG.warn("tick skipped, nothing pushed: target={} reason=\"{}\"; the gateway keeps the group's last good "
                    + "metrics, next try on the next tick", target, reason);
            return true;
        }
        if (!reason.equals(previous)) {
            LOG.info("target still down, new reason: target={} reason=\"{}\"", target, reason);
        } else {
            LOG.debug("target still down: target={} reason=\"{}\"", target, reason);
        }
        return false;
    }

    public boolean isUp(String target) {
        return seen.containsKey(target) && !downReasons.containsKey(target);
    }

    public String downReason(String target) {
        return downReasons.get(target);
    }
}
