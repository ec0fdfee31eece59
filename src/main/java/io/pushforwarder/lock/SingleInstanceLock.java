package io.pushforwarder.lock;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicyFactory;

/**
 * Makes every route of the context run on one process at a time: the replacement for the cron script's PID file.
 *
 * <p>The cluster service is added as a context service and handed to the policy factory directly. Declared in
 * {@code camel.beans.*} it would be bound too late, and the factory would silently let every JVM run the routes.
 */
public final class SingleInstanceLock {

    /** All forwarders that share a lock folder or a ZooKeeper base path compete for this one name. */
    public static final String NAMESPACE = "push-forwarder";
    private static final long FIRST_ATTEMPT_DELAY_MS = 100;

    private SingleInstanceLock() {
    }

    /**
     * Installs the file lock. A standby notices a crashed leader after about {@code checkIntervalMs x
     * staleMultiplier}; a leader that stops cleanly releases the lock at once. The guard only logs its leadership:
     * the policy alone starts and stops the routes.
     */
    public static CamelClusterService installFileLock(CamelContext context, LeaderGuard guard, Path dir,
            long checkIntervalMs, int staleMultiplier) throws Exception {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("push-forwarder-file-lock");
        service.setRoot(dir.toString());
        service.setAcquireLockInterval(checkIntervalMs, TimeUnit.MILLISECONDS);
        // the first attempt comes this soon when lock files exist already, as after any earlier run; without them
        // the service waits for the next multiple of the interval
        service.setAcquireLockDelay(FIRST_ATTEMPT_DELAY_MS, TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(staleMultiplier);
        install(context, service);
        guard.setLockName("file lock");
        service.getView(NAMESPACE).addEventListener((CamelClusterEventListener.Leadership) (view, leader) ->
                guard.leadershipChanged(view.getLocalMember().isLeader()));
        return service;
    }

    /**
     * Installs the ZooKeeper lock: one leader among all forwarders on the same ZooKeeper base path, on any host. The
     * guard is switched to checking every push, because Camel 4.18 lets a leader that lost its ZooKeeper session keep
     * its routes running.
     *
     * @param nodeId this forwarder's name in the election, unique among the forwarders
     */
    public static CamelClusterService installZooKeeper(CamelContext context, LeaderGuard guard, String nodes,
            long sessionTimeoutMs, String basePath, String nodeId, long checkIntervalMs) throws Exception {
        ZooKeeperLock lock = new ZooKeeperLock(context, guard, nodes, sessionTimeoutMs, basePath, nodeId,
                checkIntervalMs);
        lock.watchLeadership();
        // the client first, so that it starts before the cluster service and is closed after it
        context.addService(lock, true, false);
        context.addService(lock.clusterService(), true, false);
        context.addRoutePolicyFactory(ClusteredRoutePolicyFactory.forNamespace(lock.clusterService(), NAMESPACE));
        return lock.clusterService();
    }

    static void install(CamelContext context, CamelClusterService service) throws Exception {
        context.addService(service, true, true);
        context.addRoutePolicyFactory(ClusteredRoutePolicyFactory.forNamespace(service, NAMESPACE));
    }
}
