package io.pushforwarder.status;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.pushforwarder.exposition.Repair;

/**
 * What the forwarder knows about one target, rendered as the target's status group.
 *
 * <p>The gateway cannot tell a dead exporter from a quiet one; this group can. It is pushed on every tick, also when
 * the data group is not, so that Prometheus gets back the {@code up} signal the Pushgateway loses. A target's ticks
 * never overlap (stateful quartz), so one tick at a time writes here; the lock only guards the readers.
 */
public final class TargetStatus {

    private final String target;
    private String gatewayUrl;
    private String groupPath;
    private long scrapeStartedNanos;
    private Map<Repair, Integer> lastRepairs = Map.of();
    private final Map<String, Long> repairsByKind = new TreeMap<>();
    private long pushStartedNanos;
    private boolean up;
    private double lastSuccessEpochSeconds;
    private double scrapeDurationSeconds;
    private double pushDurationSeconds;
    private long scrapeBytes;
    private long series;
    private int consecutiveFailures;
    private long pushes;
    /** The path suffix of a target's status group; routes/status.camel.yaml pushes to the same one. */
    public static final String STATUS_GROUP_SUFFIX = "/push_forwarder/status";
    static final String NO_TICK_YET = "no tick yet";

    private String lastOutcome = NO_TICK_YET;
    private String lastFailureKind;
    /** The failing status push (or delete) by gateway; a replicated target's status goes to several. */
    private final Map<String, String> statusFailures = new TreeMap<>();
    private long ticksEnded;
    private Instant throttledUntil;
    private final Map<String, Long> failuresByKind = new TreeMap<>();
    /** Replicated targets: the gateways failing now, with their reason, and each gateway's failures by kind. */
    private final Map<String, String> replicaFailures = new TreeMap<>();
    private final Map<String, Map<String, Long>> gatewayFailures = new TreeMap<>();
    private int replicasPushed;
    private final Map<String, Instant> gatewayThrottledUntil = new TreeMap<>();
    private String lastReplicaFailureKind;
    private String lastReplicaFailureReason;

    TargetStatus(String target) {
        this.target = target;
    }

    synchronized void tickStarted(String gatewayUrl, String groupPath) {
        this.gatewayUrl = gatewayUrl;
        this.groupPath = groupPath;
        replicasPushed = 0;
        lastReplicaFailureKind = null;
        lastReplicaFailureReason = null;
    }

    /** Records a gateway that took the push; returns its failure before, null when it was not failing. */
    synchronized String replicaPushed(String gateway) {
        replicasPushed++;
        return replicaFailures.remove(gateway);
    }

    /** Records a gateway that failed the push; returns its failure before, null when it was not failing. */
    synchronized String replicaFailed(String gateway, String kind, String reason) {
        lastReplicaFailureKind = kind;
        lastReplicaFailureReason = gateway + ": " + reason;
        gatewayFailures.computeIfAbsent(gateway, g -> new TreeMap<>()).merge(kind, 1L, Long::sum);
        return replicaFailures.put(gateway, reason);
    }

    synchronized int replicasPushed() {
        return replicasPushed;
    }

    synchronized String lastReplicaFailureKind() {
        return lastReplicaFailureKind == null ? "push_error" : lastReplicaFailureKind;
    }

    synchronized String lastReplicaFailureReason() {
        return lastReplicaFailureReason;
    }

    synchronized void scrapeStarted(long nowNanos) {
        this.scrapeStartedNanos = nowNanos;
    }

    synchronized void scraped(long bytes, long series, Map<Repair, Integer> repairs, long nowNanos) {
        this.scrapeBytes = bytes;
        this.series = series;
        this.lastRepairs = repairs;
        this.scrapeDurationSeconds = seconds(nowNanos - scrapeStartedNanos);
        repairs.forEach((repair, count) -> repairsByKind.merge(repair.name().toLowerCase(Locale.ROOT), (long) count,
                Long::sum));
    }

    synchronized void pushStarted(long nowNanos) {
        this.pushStartedNanos = nowNanos;
    }

    synchronized void pushed(long nowNanos, long epochMillis) {
        up = true;
        pushes++;
        consecutiveFailures = 0;
        lastFailureKind = null;
        pushDurationSeconds = seconds(nowNanos - pushStartedNanos);
        lastSuccessEpochSeconds = epochMillis / 1000.0;
        lastOutcome = "pushed " + series + " series, " + scrapeBytes + " bytes to " + pushUrl();
    }

    synchronized void skipped(String kind, String reason) {
        up = false;
        consecutiveFailures++;
        lastFailureKind = kind;
        failuresByKind.merge(kind, 1L, Long::sum);
        lastOutcome = TargetHealth.SKIPPED + reason;
    }

    synchronized void dryRun() {
        lastOutcome = "would push " + series + " series, " + scrapeBytes + " bytes to " + pushUrl()
                + (lastRepairs.isEmpty() ? ", no repairs" : ", repairs " + lastRepairs.toString().toLowerCase(Locale.ROOT));
    }

    synchronized long millisSincePushStarted(long nowNanos) {
        return (nowNanos - pushStartedNanos) / 1_000_000;
    }

    synchronized void throttledUntil(Instant until) {
        throttledUntil = until;
    }

    synchronized Instant throttledUntil() {
        return throttledUntil;
    }

    synchronized void gatewayThrottledUntil(String gateway, Instant until) {
        gatewayThrottledUntil.put(gateway, until);
    }

    synchronized Instant gatewayThrottledUntil(String gateway) {
        return gatewayThrottledUntil.get(gateway);
    }

    /** Sets the status push failure of a gateway (null: it worked) and returns the previous one. */
    synchronized String statusFailure(String gateway, String failure) {
        return failure == null ? statusFailures.remove(gateway) : statusFailures.put(gateway, failure);
    }

    synchronized void tickEnded() {
        ticksEnded++;
    }

    synchronized long ticksEnded() {
        return ticksEnded;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** True while the last tick failed at the push: the gateway itself refused or could not be reached. */
    synchronized boolean pushFailed() {
        return !up && lastFailureKind != null && lastFailureKind.startsWith("push_");
    }

    synchronized boolean isUp() {
        return up;
    }

    synchronized boolean hasOutcome() {
        return !NO_TICK_YET.equals(lastOutcome);
    }

    synchronized String lastOutcome() {
        return lastOutcome;
    }

    public synchronized String gatewayUrl() {
        return gatewayUrl;
    }

    public synchronized String groupPath() {
        return groupPath;
    }

    /** The gateways the target pushes to: one, or several in replicate mode. */
    public synchronized java.util.List<String> gatewayUrls() {
        return gatewayUrl == null ? java.util.List.of() : java.util.List.of(gatewayUrl.split(","));
    }

    synchronized String pushUrl() {
        return gatewayUrl != null && gatewayUrl.contains(",") ? "{" + gatewayUrl + "}/metrics/" + groupPath
                : gatewayUrl + "/metrics/" + groupPath;
    }

    /** The status group's body in the text exposition format; the gateway adds job, instance and the group's labels. */
    synchronized String exposition(String version) {
        StringBuilder text = new StringBuilder(1024);
        gauge(text, "push_forwarder_target_up",
                "1 if the last tick scraped the target and pushed it, 0 if it pushed nothing.", up ? 1 : 0);
        gauge(text, "push_forwarder_last_success_timestamp_seconds",
                "When the target was last pushed, in seconds since the epoch; 0 if never.", lastSuccessEpochSeconds);
        gauge(text, "push_forwarder_scrape_duration_seconds",
                "How long the last scrape of the target took, reading and checking the body included.", scrapeDurationSeconds);
        gauge(text, "push_forwarder_push_duration_seconds",
                "How long the last push of the target took.", pushDurationSeconds);
        gauge(text, "push_forwarder_scrape_bytes", "Size of the last good scrape, in bytes.", scrapeBytes);
        gauge(text, "push_forwarder_series", "Series in the last good scrape.", series);
        text.append("# HELP push_forwarder_pushes_total Ticks that pushed the target's scrape.\n")
                .append("# TYPE push_forwarder_pushes_total counter\n")
                .append("push_forwarder_pushes_total ").append(pushes).append('\n');
        text.append("# HELP push_forwarder_failures_total Ticks that pushed nothing, by reason.\n")
                .append("# TYPE push_forwarder_failures_total counter\n");
        failuresByKind.forEach((kind, count) ->
                text.append("push_forwarder_failures_total{reason=\"").append(kind).append("\"} ")
                        .append(count).append('\n'));
        text.append("# HELP push_forwarder_repairs_total Fixes made to scrapes so that the gateway takes them, by kind.\n")
                .append("# TYPE push_forwarder_repairs_total counter\n");
        repairsByKind.forEach((kind, count) ->
                text.append("push_forwarder_repairs_total{repair=\"").append(kind).append("\"} ")
                        .append(count).append('\n'));
        if (!gatewayFailures.isEmpty()) {
            text.append("# HELP push_forwarder_gateway_failures_total Pushes of a replicated target that one gateway ")
                    .append("refused or missed while others took them, by gateway and reason.\n")
                    .append("# TYPE push_forwarder_gateway_failures_total counter\n");
            gatewayFailures.forEach((gateway, kinds) -> kinds.forEach((kind, count) ->
                    text.append("push_forwarder_gateway_failures_total{gateway=\"").append(escape(gateway))
                            .append("\",reason=\"").append(kind).append("\"} ").append(count).append('\n')));
        }
        text.append("# HELP push_forwarder_build_info The forwarder's version.\n")
                .append("# TYPE push_forwarder_build_info gauge\n")
                .append("push_forwarder_build_info{version=\"").append(escape(version)).append("\"} 1\n");
        return text.toString();
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Override
    public String toString() {
        return target;
    }
}
