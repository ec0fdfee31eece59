package io.pushforwarder.schedule;

import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.support.RoutePolicySupport;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a quartz route's job once as soon as the route starts, then leaves it to its cron schedule.
 *
 * <p>A cron schedule alone would leave a fresh process, or a standby that just took the lock over, silent until the
 * next slot: up to a whole interval without a push. The job is stateful, so this extra fire never overlaps a tick
 * that is already running.
 *
 * <p>With {@code onlyFirstTick} (--once and --dry-run) the cron trigger is paused first: a cron slot falling inside a
 * slow first tick would otherwise run right after it, and the one round would scrape, count and push twice.
 */
public class FirstTickOnStart extends RoutePolicySupport {

    private boolean onlyFirstTick;

    public void setOnlyFirstTick(boolean onlyFirstTick) {
        this.onlyFirstTick = onlyFirstTick;
    }

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.schedule");

    @Override
    public void onStart(Route route) {
        if (!(route.getEndpoint() instanceof QuartzEndpoint quartz)) {
            return;
        }
        TriggerKey trigger = quartz.getTriggerKey();
        try {
            if (onlyFirstTick) {
                quartz.getComponent().getScheduler().pauseTrigger(trigger);
            }
            // the endpoint names its job after its trigger
            quartz.getComponent().getScheduler().triggerJob(JobKey.jobKey(trigger.getName(), trigger.getGroup()));
            LOG.debug("first tick fired on start: route={}", route.getId());
        } catch (SchedulerException e) {
            LOG.warn("cannot fire the first tick at once, waiting for the schedule: route={} reason=\"{}\"",
                    route.getId(), e.getMessage());
        }
    }
}
