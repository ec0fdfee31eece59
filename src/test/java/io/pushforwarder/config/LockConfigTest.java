package io.pushforwarder.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.pushforwarder.config.ForwarderConfig.LockType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up checks of forwarder.lock.type and the forwarder.lock.zookeeper.* keys. */
class LockConfigTest {

    @TempDir
    Path dir;
    private final Map<String, String> values = new HashMap<>();

    /** A valid configuration, as config/application.properties ships it, with the lock folder in the temp dir. */
    private ForwarderConfig config(String... keysAndValues) {
        values.put("forwarder.pushgateway.url", "http://127.0.0.1:9091");
        values.put("forwarder.exporter.url", "http://127.0.0.1:9100/metrics");
        values.put("forwarder.job", "node");
        values.put("forwarder.method", "PUT");
        values.put("forwarder.schedule", "0/15 * * * * ?");
        for (String key : ForwarderConfig.TIMEOUT_KEYS) {
            values.put(key, "2000");
        }
        values.put("forwarder.lock.type", "file");
        values.put("forwarder.lock.enabled", "true");
        values.put("forwarder.lock.dir", dir.resolve("lock").toString());
        values.put("forwarder.lock.check-interval-ms", "1000");
        values.put("forwarder.lock.stale-multiplier", "5");
        values.put("forwarder.lock.zookeeper.session-timeout", "10000");
        values.put("forwarder.lock.zookeeper.base-path", "/push-forwarder");
        values.put("forwarder.lock.zookeeper.node-id", "web-01-4711");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                values.remove(keysAndValues[i]);
            } else {
                values.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return new ForwarderConfig(key -> Optional.ofNullable(values.get(key)));
    }

    private ForwarderConfig zooKeeper(String... keysAndValues) {
        String[] all = new String[keysAndValues.length + 4];
        all[0] = "forwarder.lock.type";
        all[1] = "zookeeper";
        all[2] = "forwarder.lock.zookeeper.nodes";
        all[3] = "127.0.0.1:2181,127.0.0.1:2182";
        System.arraycopy(keysAndValues, 0, all, 4, keysAndValues.length);
        return config(all);
    }

    private static InvalidConfigurationException rejected(ForwarderConfig config, String key) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, config::validate);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + "="), e.getMessage());
        assertTrue(e.getMessage().contains("; fix: "), e.getMessage());
        return e;
    }

    @Test
    void theShippedDefaultIsTheFileLock() {
        assertEquals(LockType.FILE, config().lockType());
        assertEquals(LockType.FILE, config("forwarder.lock.type", null).lockType(), "unset means file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "zookeeper", "none", "ZooKeeper", " none "})
    void theLockTypesAreAcceptedInAnyCase(String type) {
        assertDoesNotThrow(() -> zooKeeper("forwarder.lock.type", type).validate());
    }

    @Test
    void anUnknownLockTypeNamesTheChoices() {
        InvalidConfigurationException e = rejected(config("forwarder.lock.type", "etcd"), "forwarder.lock.type");
        assertEquals("forwarder.lock.type='etcd': not a lock type; fix: set file (one host), zookeeper (several "
                + "hosts) or none", e.getMessage());
    }

    @Test
    void lockEnabledFalseStillTurnsTheLockOff() {
        assertEquals(LockType.NONE, config("forwarder.lock.enabled", "false").lockType());
        assertEquals(LockType.NONE, config("forwarder.lock.enabled", "false", "forwarder.lock.type", "none")
                .lockType());
        assertEquals(LockType.NONE, config("forwarder.lock.enabled", "false", "forwarder.lock.dir", "").lockType());
        assertDoesNotThrow(() -> config("forwarder.lock.enabled", "false", "forwarder.lock.dir", "").validate(),
                "without a lock the lock folder is not needed");
    }

    @Test
    void lockEnabledUnsetMeansTrue() {
        assertEquals(LockType.ZOOKEEPER, zooKeeper("forwarder.lock.enabled", null).lockType());
    }

    @Test
    void lockEnabledFalseWithZooKeeperIsAContradiction() {
        InvalidConfigurationException e = rejected(zooKeeper("forwarder.lock.enabled", "false"),
                "forwarder.lock.enabled");
        assertEquals("forwarder.lock.enabled='false': contradicts forwarder.lock.type=zookeeper; fix: remove "
                + "forwarder.lock.enabled to use ZooKeeper, or set forwarder.lock.type=none to run without a lock",
                e.getMessage());
    }

    @Test
    void aValidZooKeeperConfigurationPasses() {
        ForwarderConfig config = zooKeeper();
        assertDoesNotThrow(config::validate);
        assertEquals("127.0.0.1:2181,127.0.0.1:2182", config.zooKeeperNodes());
        assertEquals(10000, config.zooKeeperSessionTimeout());
        assertEquals("/push-forwarder", config.zooKeeperBasePath());
        assertEquals("web-01-4711", config.zooKeeperNodeId());
    }

    @Test
    void zooKeeperNeedsItsServers() {
        InvalidConfigurationException e = rejected(zooKeeper("forwarder.lock.zookeeper.nodes", null),
                "forwarder.lock.zookeeper.nodes");
        assertTrue(e.getMessage().contains("FORWARDER_LOCK_ZOOKEEPER_NODES"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zk1.example.com:2181", "10.0.0.1:2181, 10.0.0.2:2181", "[::1]:2181",
        "zk-a:2181,zk-b:2182,zk-c:2183"})
    void serverListsThatZooKeeperAccepts(String nodes) {
        assertDoesNotThrow(() -> zooKeeper("forwarder.lock.zookeeper.nodes", nodes).validate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", "127.0.0.1:2181,", "127.0.0.1:0", "127.0.0.1:70000",
        "127.0.0.1:2181/chroot", "zookeeper://127.0.0.1:2181", "127.0.0.1:2181;127.0.0.1:2182"})
    void serverListsThatAreRejected(String nodes) {
        rejected(zooKeeper("forwarder.lock.zookeeper.nodes", nodes), "forwarder.lock.zookeeper.nodes");
    }

    @Test
    void aChrootPointsToTheBasePath() {
        InvalidConfigurationException e = rejected(
                zooKeeper("forwarder.lock.zookeeper.nodes", "127.0.0.1:2181/monitoring"),
                "forwarder.lock.zookeeper.nodes");
        assertTrue(e.getMessage().endsWith("(for a sub-tree, set forwarder.lock.zookeeper.base-path)"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "ten", "999"})
    void aSessionTimeoutBelowASecondIsRejected(String timeout) {
        rejected(zooKeeper("forwarder.lock.zookeeper.session-timeout", timeout),
                "forwarder.lock.zookeeper.session-timeout");
    }

    @Test
    void theSessionTimeoutAndBasePathHaveDefaults() {
        ForwarderConfig config = zooKeeper("forwarder.lock.zookeeper.session-timeout", null,
                "forwarder.lock.zookeeper.base-path", null);
        assertEquals(10000, config.zooKeeperSessionTimeout());
        assertEquals("/push-forwarder", config.zooKeeperBasePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"push-forwarder", "/push-forwarder/", "/", "/a//b", "/a/./b", "/zookeeper/../x"})
    void aBasePathThatIsNoZooKeeperPathIsRejected(String path) {
        rejected(zooKeeper("forwarder.lock.zookeeper.base-path", path), "forwarder.lock.zookeeper.base-path");
    }

    @Test
    void aNestedBasePathIsAccepted() {
        assertEquals("/monitoring/push-forwarder",
                zooKeeper("forwarder.lock.zookeeper.base-path", "/monitoring/push-forwarder").zooKeeperBasePath());
    }

    @Test
    void anEmptyNodeIdIsRejected() {
        InvalidConfigurationException e = rejected(zooKeeper("forwarder.lock.zookeeper.node-id", " "),
                "forwarder.lock.zookeeper.node-id");
        assertTrue(e.getMessage().contains("remove the line to get <host name>-<pid>"), e.getMessage());
    }

    @Test
    void zooKeeperKeysAreNotCheckedForTheFileLock() {
        assertDoesNotThrow(() -> config("forwarder.lock.zookeeper.nodes", "not a list",
                "forwarder.lock.zookeeper.base-path", "relative").validate());
    }

    @Test
    void theFileLockKeysAreNotCheckedForZooKeeper() {
        assertDoesNotThrow(() -> zooKeeper("forwarder.lock.dir", "", "forwarder.lock.stale-multiplier", "x")
                .validate());
    }

    @Test
    void zooKeeperUsesTheCheckInterval() {
        rejected(zooKeeper("forwarder.lock.check-interval-ms", "0"), "forwarder.lock.check-interval-ms");
    }
}
