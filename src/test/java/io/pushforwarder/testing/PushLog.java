package io.pushforwarder.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every push a real Pushgateway received, with the group that received it and the gateway's own time of the push,
 * rebuilt from the groups' {@code push_time_seconds}, read ten times a second.
 *
 * <p>Each forwarder pushes under its own instance name, so the log shows who pushed when. A push is lost to the log
 * only when the same group is pushed twice within one poll (100 ms), which a once-a-second schedule never does; the
 * order of pushes from different forwarders is the gateway's, not the poller's.
 */
public final class PushLog implements AutoCloseable {

    /** One push: the group's instance label and the gateway's push_time_seconds. */
    public record Push(String instance, double time) {
    }

    private final Set<Push> pushes = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "push-log");
        thread.setDaemon(true);
        return thread;
    });

    public PushLog(Pushgateway gateway, String job) {
        poller.scheduleWithFixedDelay(() -> {
            try {
                gateway.pushTimesByInstance(job).forEach((instance, time) -> pushes.add(new Push(instance, time)));
            } catch (Throwable e) {
                // the gateway is busy or gone; the next poll reads it again
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** The wall clock in the gateway's unit, for comparisons with push times: both run on this host. */
    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** All pushes, oldest first. */
    public List<Push> pushes() {
        List<Push> sorted = new ArrayList<>(pushes);
        sorted.sort(Comparator.comparingDouble(Push::time));
        return sorted;
    }

    public List<Push> pushesAfter(double time) {
        return pushes().stream().filter(p -> p.time() > time).toList();
    }

    /** The instances that pushed after the given time. */
    public Set<String> pushersAfter(double time) {
        Set<String> pushers = new TreeSet<>();
        pushesAfter(time).forEach(p -> pushers.add(p.instance()));
        return pushers;
    }

    public Optional<Push> firstPushAfter(String instance, double time) {
        return pushesAfter(time).stream().filter(p -> p.instance().equals(instance)).findFirst();
    }

    public Optional<Push> lastPushOf(String instance) {
        return pushes().stream().filter(p -> p.instance().equals(instance)).reduce((a, b) -> b);
    }

    /**
     * Who held the pushing role, in order: the instances of all pushes with repeats folded, e.g. [fwd-a, fwd-b] for a
     * clean takeover. Two forwarders pushing in the same period interleave, [fwd-a, fwd-b, fwd-a, ...]: every entry
     * beyond one per leadership change is a tick pushed while another forwarder was pushing too.
     */
    public List<String> turns() {
        List<String> turns = new ArrayList<>();
        for (Push push : pushes()) {
            if (turns.isEmpty() || !turns.get(turns.size() - 1).equals(push.instance())) {
                turns.add(push.instance());
            }
        }
        return turns;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Push push : pushes()) {
            text.append(String.format("%.3f %s%n", push.time(), push.instance()));
        }
        return text.toString();
    }
}
