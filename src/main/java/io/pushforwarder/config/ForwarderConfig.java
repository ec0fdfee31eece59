package io.pushforwarder.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pushforwarder.grouping.GroupingKey;
import io.pushforwarder.grouping.InvalidGroupingKeyException;
import org.apache.zookeeper.common.PathUtils;
import org.quartz.CronExpression;

/**
 * The {@code forwarder.*} keys, checked once at start-up.
 *
 * <p>Each check names the key and the fix, so a typo stops the process with one readable line instead of a route that
 * fails on every tick. Values are looked up through a function so that the same checks serve Camel's properties
 * component (files, env vars, -D) and plain maps in tests.
 */
public final class ForwarderConfig {

    public static final String PUSHGATEWAY_URL = "forwarder.pushgateway.url";
    public static final String PUSHGATEWAY_MODE = "forwarder.pushgateway.mode";
    public static final String EXPORTER_URL = "forwarder.exporter.url";
    public static final String HEALTH_URL = "forwarder.exporter.health-url";
    public static final String JOB = "forwarder.job";
    public static final String INSTANCE = "forwarder.instance";
    public static final String GROUPING_LABELS = "forwarder.grouping-labels";
    public static final String METHOD = "forwarder.method";
    public static final String SCHEDULE = "forwarder.schedule";
    public static final String LOCK_ENABLED = "forwarder.lock.enabled";
    public static final String LOCK_DIR = "forwarder.lock.dir";
    public static final String LOCK_INTERVAL = "forwarder.lock.check-interval-ms";
    public static final String LOCK_STALE_MULTIPLIER = "forwarder.lock.stale-multiplier";
    public static final String STALE_DELETE_AFTER = "forwarder.stale.delete-after";
    public static final String DELETE_ON_SHUTDOWN = "forwarder.delete-on-shutdown";
    public static final String ONCE_TIMEOUT = "forwarder.once.timeout-ms";
    public static final String PUSH_RETRIES = "forwarder.push.retries";
    public static final String PUSH_RETRY_DELAY = "forwarder.push.retry-delay-ms";
    public static final String PUSH_RETRY_MAX_DELAY = "forwarder.push.retry-max-delay-ms";
    public static final String PUSH_RETRY_BUDGET = "forwarder.push.retry-budget-ms";
    public static final String PUSH_GZIP_MIN_BYTES = "forwarder.push.gzip-min-bytes";
    public static final String LOCK_TYPE = "forwarder.lock.type";
    public static final String ZK_NODES = "forwarder.lock.zookeeper.nodes";
    public static final String ZK_SESSION_TIMEOUT = "forwarder.lock.zookeeper.session-timeout";
    public static final String ZK_BASE_PATH = "forwarder.lock.zookeeper.base-path";
    public static final String ZK_NODE_ID = "forwarder.lock.zookeeper.node-id";
    /** ZooKeeper servers refuse sessions shorter than two of their ticks; below a second nothing is stable. */
    public static final long MIN_SESSION_TIMEOUT_MS = 1000;
    public static final long DEFAULT_SESSION_TIMEOUT_MS = 10000;
    public static final String DEFAULT_BASE_PATH = "/push-forwarder";
    public static final String SINKS = "forwarder.sinks";
    public static final String REMOTE_WRITE_URL = "forwarder.remote-write.url";
    public static final String REMOTE_WRITE_BATCH_SERIES = "forwarder.remote-write.batch-series";
    public static final String REMOTE_WRITE_QUEUE_MAX_SAMPLES = "forwarder.remote-write.queue.max-samples";
    public static final String REMOTE_WRITE_QUEUE_MAX_BYTES = "forwarder.remote-write.queue.max-bytes";
    public static final String REMOTE_WRITE_QUEUE_DIRECTORY = "forwarder.remote-write.queue.directory";
    /** Set by --once and --dry-run, not by users: the start-up tick is the only one. */
    public static final String ONE_ROUND = "forwarder.one-round";
    public static final String RELOAD = "forwarder.reload";
    public static final String RELOAD_INTERVAL = "forwarder.reload.interval-ms";
    public static final String ROUTES_INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    public static final String[] TIMEOUT_KEYS = {
        "forwarder.exporter.connect-timeout-ms", "forwarder.exporter.response-timeout-ms",
        "forwarder.pushgateway.connect-timeout-ms", "forwarder.pushgateway.response-timeout-ms",
    };

    /** Which lock keeps the forwarders that share it from pushing together. */
    public enum LockType {
        /** an operating-system file lock in a shared folder: one host, or a shared file system */
        FILE,
        /** ZooKeeper leader election: any number of hosts */
        ZOOKEEPER,
        /** no lock: every forwarder pushes */
        NONE
    }

    /** host:port, the host a name, an IPv4 address or a bracketed IPv6 address. */
    private static final Pattern ZK_NODE = Pattern.compile("(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})");

    private final Function<String, Optional<String>> lookup;

    public ForwarderConfig(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** Checks every key; throws {@link InvalidConfigurationException} at the first bad one. */
    public void validate() {
        pushgatewayUrls();
        pushgatewayMode();
        httpUrl(EXPORTER_URL, "http://127.0.0.1:9100/metrics");
        optional(HEALTH_URL).filter(v -> !v.isBlank()).ifPresent(v -> httpUrl(HEALTH_URL, "http://127.0.0.1:9100/"));
        groupingKey();
        method();
        schedule();
        for (String key : TIMEOUT_KEYS) {
            positiveLong(key);
        }
        sinks();
        ifSet(REMOTE_WRITE_BATCH_SERIES, this::positiveLong);
        ifSet(REMOTE_WRITE_QUEUE_MAX_SAMPLES, this::positiveLong);
        ifSet(REMOTE_WRITE_QUEUE_MAX_BYTES, this::positiveLong);
        remoteWriteQueueDirectory();
        // keys added after the first release: a properties file that predates them keeps working
        ifSet(ONCE_TIMEOUT, this::positiveLong);
        ifSet(PUSH_RETRIES, this::nonNegativeInt);
        ifSet(PUSH_RETRY_DELAY, this::positiveLong);
        ifSet(PUSH_RETRY_MAX_DELAY, this::positiveLong);
        ifSet(PUSH_RETRY_BUDGET, this::positiveLong);
        ifSet(PUSH_GZIP_MIN_BYTES, this::nonNegativeInt);
        ifSet(STALE_DELETE_AFTER, this::nonNegativeInt);
        ifSet(DELETE_ON_SHUTDOWN, this::bool);
        reload();
        ifSet(RELOAD_INTERVAL, this::positiveLong);
        switch (lockType()) {
            case FILE -> {
                lockDir();
                positiveLong(LOCK_INTERVAL);
                positiveLong(LOCK_STALE_MULTIPLIER);
            }
            case ZOOKEEPER -> {
                zooKeeperNodes();
                zooKeeperSessionTimeout();
                zooKeeperBasePath();
                zooKeeperNodeId();
                positiveLong(LOCK_INTERVAL);
            }
            case NONE -> {
                // nothing to check
            }
        }
    }

    /**
     * The lock type. {@code forwarder.lock.enabled=false}, the switch of the first releases, still turns the lock off;
     * together with an explicit {@code zookeeper} it is a contradiction that stops start-up.
     */
    public LockType lockType() {
        String value = optional(LOCK_TYPE).filter(v -> !v.isBlank()).orElse("file");
        LockType type;
        try {
            type = LockType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(LOCK_TYPE, value, "not a lock type",
                    "set file (one host), zookeeper (several hosts) or none");
        }
        if (lockEnabled()) {
            return type;
        }
        if (type == LockType.ZOOKEEPER) {
            throw new InvalidConfigurationException(LOCK_ENABLED, "false",
                    "contradicts " + LOCK_TYPE + "=zookeeper",
                    "remove " + LOCK_ENABLED + " to use ZooKeeper, or set " + LOCK_TYPE
                            + "=none to run without a lock");
        }
        return LockType.NONE;
    }

    /**
     * The gateways, one or several separated by commas; each is checked like a single one, and none may repeat.
     */
    public java.util.List<URI> pushgatewayUrls() {
        String value = required(PUSHGATEWAY_URL);
        java.util.List<URI> gateways = new java.util.ArrayList<>();
        for (String entry : value.split(",", -1)) {
            if (entry.isBlank()) {
                throw new InvalidConfigurationException(PUSHGATEWAY_URL, value, "an empty entry in the list",
                        "separate the gateways' URLs with single commas, e.g. http://10.0.0.1:9091,http://10.0.0.2:9091");
            }
            URI gateway = httpUrl(PUSHGATEWAY_URL, entry, "http://127.0.0.1:9091");
            if (gateway.getPath().endsWith("/") || gateway.getRawQuery() != null || gateway.getRawFragment() != null) {
                throw new InvalidConfigurationException(PUSHGATEWAY_URL, value,
                        "the gateway's base URL " + entry.trim() + " must not end in '/' or carry a query or fragment; "
                                + "/metrics/job/... is appended to it",
                        "set e.g. http://127.0.0.1:9091 or https://gw.example.com/pushgateway");
            }
            if (gateways.contains(gateway)) {
                throw new InvalidConfigurationException(PUSHGATEWAY_URL, value, entry.trim() + " is listed twice",
                        "list each gateway once");
            }
            gateways.add(gateway);
        }
        return gateways;
    }

    /** shard (the default) or replicate; it matters only with several gateways. */
    public io.pushforwarder.push.GatewayMode pushgatewayMode() {
        String value = optional(PUSHGATEWAY_MODE).orElse("");
        try {
            return io.pushforwarder.push.GatewayMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(PUSHGATEWAY_MODE, value, "not a gateway mode",
                    "set shard (each target to one gateway) or replicate (each target to every gateway)");
        }
    }

    /** The default sinks of every target: pushgateway, remote-write, or both, comma-separated. */
    public java.util.Set<String> sinks() {
        String value = optional(SINKS).filter(v -> !v.isBlank()).orElse("pushgateway");
        java.util.Set<String> sinks = new java.util.LinkedHashSet<>();
        for (String sink : value.split(",")) {
            String name = sink.trim();
            if (!name.equals("pushgateway") && !name.equals("remote-write")) {
                throw new InvalidConfigurationException(SINKS, value, "'" + name + "' is not a sink",
                        "set pushgateway, remote-write, or pushgateway,remote-write");
            }
            sinks.add(name);
        }
        if (sinks.contains("remote-write")) {
            remoteWriteUrl();
        }
        return sinks;
    }

    /** The remote_write receiver, e.g. http://127.0.0.1:9090/api/v1/write; empty when unset. */
    public Optional<URI> remoteWriteUrl() {
        if (optional(REMOTE_WRITE_URL).filter(v -> !v.isBlank()).isEmpty()) {
            if (optional(SINKS).orElse("").contains("remote-write")) {
                throw new InvalidConfigurationException(REMOTE_WRITE_URL, null, "remote-write is a sink but has no URL",
                        "set the receiver's URL, e.g. http://127.0.0.1:9090/api/v1/write");
            }
            return Optional.empty();
        }
        return Optional.of(httpUrl(REMOTE_WRITE_URL, "http://127.0.0.1:9090/api/v1/write"));
    }

    /** A key's value as a number, or the default when it is unset. */
    public long longOr(String key, long defaultValue) {
        return optional(key).filter(v -> !v.isBlank()).isPresent() ? positiveLong(key) : defaultValue;
    }

    private void ifSet(String key, java.util.function.Consumer<String> check) {
        if (optional(key).filter(v -> !v.isBlank()).isPresent()) {
            check.accept(key);
        }
    }

    /** Whether edits of the routes folder are applied while running; unset means false. */
    public boolean reload() {
        return bool(RELOAD, "false");
    }

    /**
     * The folder the routes are read from: the one of {@code camel.main.routes-include-pattern=file:DIR/*.yaml}, or
     * {@code routes} when the pattern names no single folder.
     */
    public Path routesDir() {
        String pattern = optional(ROUTES_INCLUDE_PATTERN).orElse("").trim();
        if (pattern.startsWith("file:") && !pattern.contains(",")) {
            Path parent = Path.of(pattern.substring("file:".length())).getParent();
            if (parent != null) {
                return parent;
            }
        }
        return Path.of("routes");
    }

    /** The switch of the first releases; unset means true. */
    public boolean lockEnabled() {
        return bool(LOCK_ENABLED, "true");
    }

    private boolean bool(String key) {
        return bool(key, null);
    }

    /** A strict true or false; a missing key takes the default, or is an error when there is none. */
    private boolean bool(String key, String defaultValue) {
        String value = defaultValue == null ? required(key)
                : optional(key).filter(v -> !v.isBlank()).orElse(defaultValue).trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidConfigurationException(key, value, "not a boolean", "set true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private int nonNegativeInt(String key) {
        String value = required(key);
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the common message
        }
        throw new InvalidConfigurationException(key, value, "not a whole number of 0 or more", "set e.g. 0 (off) or 20");
    }

    /** The lock folder, created if missing; it must be writable, or two instances could both run. */
    public Path lockDir() {
        String value = required(LOCK_DIR);
        Path dir = Path.of(value);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new InvalidConfigurationException(LOCK_DIR, value, "cannot create the lock folder (" + e + ")",
                    "point it at a folder this user can write, e.g. /var/lib/push-forwarder");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InvalidConfigurationException(LOCK_DIR, value, "the lock folder is not writable by this user",
                    "point it at a folder this user can write, e.g. /var/lib/push-forwarder");
        }
        return dir;
    }

    /** Where the remote_write queue is kept across a restart, created if missing; empty when it lives in memory. */
    public Optional<Path> remoteWriteQueueDirectory() {
        Optional<String> value = optional(REMOTE_WRITE_QUEUE_DIRECTORY).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Path.of(value.get());
        String fix = "point it at a folder this user can write, e.g. /var/lib/push-forwarder, or leave it empty to "
                + "keep the queue in memory";
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new InvalidConfigurationException(REMOTE_WRITE_QUEUE_DIRECTORY, value.get(),
                    "cannot create the folder (" + e + ")", fix);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InvalidConfigurationException(REMOTE_WRITE_QUEUE_DIRECTORY, value.get(),
                    "the folder is not writable by this user", fix);
        }
        return Optional.of(dir);
    }

    /** The ZooKeeper connection string: host:port pairs separated by commas. */
    public String zooKeeperNodes() {
        String value = required(ZK_NODES);
        String fix = "list the ZooKeeper servers as host:port separated by commas, e.g. 10.0.0.1:2181,10.0.0.2:2181";
        for (String node : value.split(",", -1)) {
            Matcher match = ZK_NODE.matcher(node.trim());
            if (!match.matches()) {
                throw new InvalidConfigurationException(ZK_NODES, value, "'" + node.trim() + "' is not host:port",
                        node.contains("/") ? fix + " (for a sub-tree, set " + ZK_BASE_PATH + ")" : fix);
            }
            int port = Integer.parseInt(match.group(1));
            if (port < 1 || port > 65535) {
                throw new InvalidConfigurationException(ZK_NODES, value, "port " + port + " is out of range", fix);
            }
        }
        return value.replace(" ", "");
    }

    /** The ZooKeeper session timeout in milliseconds: how long a silent leader keeps the lock. */
    public long zooKeeperSessionTimeout() {
        boolean set = optional(ZK_SESSION_TIMEOUT).filter(v -> !v.isBlank()).isPresent();
        long value = set ? positiveLong(ZK_SESSION_TIMEOUT) : DEFAULT_SESSION_TIMEOUT_MS;
        if (value < MIN_SESSION_TIMEOUT_MS) {
            throw new InvalidConfigurationException(ZK_SESSION_TIMEOUT, Long.toString(value),
                    "shorter than " + MIN_SESSION_TIMEOUT_MS + " ms", "set e.g. 10000");
        }
        return value;
    }

    /** The ZooKeeper path under which the forwarders elect their leader. */
    public String zooKeeperBasePath() {
        String value = optional(ZK_BASE_PATH).filter(v -> !v.isBlank()).orElse(DEFAULT_BASE_PATH).trim();
        String fix = "set an absolute path without a trailing '/', e.g. /push-forwarder or /monitoring/push-forwarder";
        if (!value.startsWith("/") || value.endsWith("/")) {
            throw new InvalidConfigurationException(ZK_BASE_PATH, value,
                    "must start with '/' and must not end with '/'", fix);
        }
        try {
            // ZooKeeper's own check: a bad path fails here, not at the first election
            PathUtils.validatePath(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(ZK_BASE_PATH, value, "not a ZooKeeper path (" + e.getMessage()
                    + ")", fix);
        }
        return value;
    }

    /** This forwarder's name in the election; two forwarders with the same id would both believe they lead. */
    public String zooKeeperNodeId() {
        String value = optional(ZK_NODE_ID).orElse(null);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(ZK_NODE_ID, value, "empty",
                    "remove the line to get <host name>-<pid>, or set an id unique among the forwarders");
        }
        return value.trim();
    }

    public long positiveLong(String key) {
        String value = required(key);
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the common message
        }
        throw new InvalidConfigurationException(key, value, "not a positive whole number", "set e.g. 5000");
    }

    private void groupingKey() {
        GroupingKey key = new GroupingKey();
        check(JOB, () -> key.setJob(required(JOB)));
        key.setInstance(optional(INSTANCE).orElse(""));
        check(GROUPING_LABELS, () -> key.setGroupingLabels(optional(GROUPING_LABELS).orElse("")));
    }

    private void check(String key, Runnable setter) {
        try {
            setter.run();
        } catch (InvalidGroupingKeyException e) {
            throw new InvalidConfigurationException(key, optional(key).orElse(null), e.getMessage(),
                    key.equals(JOB) ? "set a job name, e.g. node" : "write name=value,name2=value2 with valid names");
        }
    }

    private void method() {
        String value = required(METHOD);
        if (!value.equals("PUT") && !value.equals("POST")) {
            throw new InvalidConfigurationException(METHOD, value, "the Pushgateway takes PUT or POST",
                    "set PUT to replace the whole group each tick (the default) or POST to replace only the pushed families");
        }
    }

    private void schedule() {
        String value = required(SCHEDULE);
        try {
            new CronExpression(value);
        } catch (java.text.ParseException e) {
            throw new InvalidConfigurationException(SCHEDULE, value,
                    "not a quartz cron expression (" + e.getMessage() + ")",
                    "use six or seven fields, seconds first, e.g. 0/15 * * * * ?");
        }
    }

    private URI httpUrl(String key, String example) {
        return httpUrl(key, required(key), example);
    }

    private URI httpUrl(String key, String value, String example) {
        try {
            URI uri = new URI(value.trim());
            // lower case only: the scheme also names the Camel component, and "HTTP" names none
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new InvalidConfigurationException(key, value, "not an http or https URL", "set e.g. " + example);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new InvalidConfigurationException(key, value, "the URL has no host", "set e.g. " + example);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(key, value, "malformed URL (" + e.getReason() + ")",
                    "set e.g. " + example);
        }
    }

    private String required(String key) {
        return optional(key).filter(v -> !v.isBlank())
                .orElseThrow(() -> new InvalidConfigurationException(key, null, "no value",
                        "set it in config/application.properties or as the env var " + envName(key)));
    }

    private Optional<String> optional(String key) {
        return lookup.apply(key);
    }

    /** The env var Camel maps onto a key: upper case, with '.' and '-' turned into '_'. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
