package io.pushforwarder.cli;

import io.pushforwarder.config.ForwarderConfig;
import io.pushforwarder.config.SecurityConfig;
import io.pushforwarder.lock.LeaderGuard;
import io.pushforwarder.lock.SingleInstanceLock;
import io.pushforwarder.reload.RoutesReloader;
import io.pushforwarder.remotewrite.QueueSpool;
import io.pushforwarder.remotewrite.RemoteWriteForwarder;
import io.pushforwarder.remotewrite.RemoteWriteOptions;
import io.pushforwarder.remotewrite.RemoteWriteSender;
import io.pushforwarder.remotewrite.RemoteWriteSink;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs after the properties are loaded and before the routes are read: checks the configuration, registers the
 * security beans the routes name (credentials, TLS, proxies), then installs the lock so that its policy applies to
 * every route as it is created, and binds the {@link LeaderGuard} that the route asks before each push.
 */
public class ForwarderStartup extends MainListenerSupport {

    /** The name the route's check-leadership step looks the guard up by. */
    public static final String LEADER_GUARD = "leaderGuard";

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.lifecycle");

    private final Mode mode;
    private String lockDescription = "none";

    public ForwarderStartup(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        ForwarderConfig config = new ForwarderConfig(key -> context.getPropertiesComponent().resolveProperty(key));
        config.validate();
        SecurityBeans.install(context);
        installRemoteWrite(context, config);
        // bound in every mode: without a lock that can fail behind the policy's back it allows every push
        LeaderGuard guard = new LeaderGuard();
        context.getRegistry().bind(LEADER_GUARD, guard);
        try {
            switch (mode.lockFree() ? ForwarderConfig.LockType.NONE : config.lockType()) {
                case FILE -> {
                    lockDescription = "file lock in " + config.lockDir().toAbsolutePath();
                    SingleInstanceLock.installFileLock(context, guard, config.lockDir(),
                            config.positiveLong(ForwarderConfig.LOCK_INTERVAL),
                            (int) config.positiveLong(ForwarderConfig.LOCK_STALE_MULTIPLIER));
                }
                case ZOOKEEPER -> {
                    lockDescription = "zookeeper " + config.zooKeeperNodes() + config.zooKeeperBasePath()
                            + " as " + config.zooKeeperNodeId();
                    SingleInstanceLock.installZooKeeper(context, guard, config.zooKeeperNodes(),
                            config.zooKeeperSessionTimeout(), config.zooKeeperBasePath(), config.zooKeeperNodeId(),
                            config.positiveLong(ForwarderConfig.LOCK_INTERVAL));
                }
                case NONE -> lockDescription = "none";
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot install the single-instance lock: " + e.getMessage(), e);
        }
    }

    /** The remote_write sink, bound as remoteWrite in every mode so that the routes stay unconditional. */
    private static void installRemoteWrite(CamelContext context, ForwarderConfig config) {
        RemoteWriteSink sink = config.remoteWriteUrl().map(url -> {
            RemoteWriteOptions options = RemoteWriteOptions.defaults(url)
                    .withBatchSeries((int) config.longOr(ForwarderConfig.REMOTE_WRITE_BATCH_SERIES,
                            RemoteWriteOptions.DEFAULT_BATCH_SERIES))
                    .withQueue((int) config.longOr(ForwarderConfig.REMOTE_WRITE_QUEUE_MAX_SAMPLES,
                            RemoteWriteOptions.DEFAULT_QUEUE_MAX_SAMPLES),
                            config.longOr(ForwarderConfig.REMOTE_WRITE_QUEUE_MAX_BYTES,
                                    RemoteWriteOptions.DEFAULT_QUEUE_MAX_BYTES));
            // forwarder.remote-write.username, password-file, bearer-token-file, tls.*: as for the gateway
            SecurityConfig.Resolved security = SecurityBeans.remoteWrite(context);
            java.net.http.HttpClient client = RemoteWriteSender.httpClientBuilder(options)
                    .sslContext(security.tls().sslContext()).build();
            RemoteWriteSink remoteWriteSink = new RemoteWriteSink(options, client,
                    new RemoteWriteCredentials(security.credentials()));
            config.remoteWriteQueueDirectory().ifPresent(dir -> remoteWriteSink.spoolTo(
                    new QueueSpool(dir, options.queueMaxBytes())));
            return remoteWriteSink;
        }).orElse(null);
        RemoteWriteForwarder remoteWrite = new RemoteWriteForwarder(sink);
        context.getRegistry().bind("remoteWrite", remoteWrite);
        try {
            context.addService(remoteWrite, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the remote_write sink: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        LOG.info("push-forwarder started: routes={} lock=\"{}\"", main.getCamelContext().getRoutes().size(),
                lockDescription);
        if (mode == Mode.RUN) {
            startReload(main.getCamelContext());
        }
    }

    /** Watches the routes folder once every route runs, so that the files it starts from are the ones in use. */
    private static void startReload(CamelContext context) {
        ForwarderConfig config = new ForwarderConfig(key -> context.getPropertiesComponent().resolveProperty(key));
        if (!config.reload()) {
            return;
        }
        RoutesReloader reloader = new RoutesReloader(context, config.routesDir(),
                config.longOr(ForwarderConfig.RELOAD_INTERVAL, 1000), SingleInstanceLock.NAMESPACE);
        try {
            context.addService(reloader, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the routes folder: " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeStop(BaseMainSupport main) {
        if (mode != Mode.RUN) {
            return;
        }
        LOG.info("push-forwarder stopping: the tick in flight may finish, then the lock is released");
        CamelContext context = main.getCamelContext();
        boolean deleteGroups = context.getPropertiesComponent().resolveProperty(ForwarderConfig.DELETE_ON_SHUTDOWN)
                .map(Boolean::parseBoolean).orElse(false);
        if (deleteGroups) {
            new GroupCleanup(context).deleteAllGroups();
        }
    }
}
