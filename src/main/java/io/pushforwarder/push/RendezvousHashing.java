package io.pushforwarder.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Rendezvous (highest-random-weight) hashing: a key belongs to the node with the highest weight for that key.
 *
 * <p>Adding a node moves only the keys the new node now wins, about 1/N of them, and each moved key moves to the new
 * node; removing a node moves only that node's keys. The weight is the first 64 bits of SHA-256 over node and key:
 * the same on every JVM, platform and release, unlike {@code String.hashCode}, so that two forwarders, or one before
 * and after a restart, agree on every owner.
 */
public final class RendezvousHashing {

    private RendezvousHashing() {
    }

    /** The node that owns the key; ties, which SHA-256 makes all but impossible, go to the smaller node name. */
    public static String owner(String key, Collection<String> nodes) {
        String best = null;
        long bestWeight = 0;
        for (String node : nodes) {
            long weight = weight(node, key);
            if (best == null || Long.compareUnsigned(weight, bestWeight) > 0
                    || (weight == bestWeight && node.compareTo(best) < 0)) {
                best = node;
                bestWeight = weight;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no node to hash onto");
        }
        return best;
    }

    static long weight(String node, String key) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update(node.getBytes(StandardCharsets.UTF_8));
        // a separator that neither a URL nor a grouping path holds: ("ab","c") and ("a","bc") must differ
        sha256.update((byte) 0);
        byte[] digest = sha256.digest(key.getBytes(StandardCharsets.UTF_8));
        long weight = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            weight = (weight << 8) | (digest[i] & 0xff);
        }
        return weight;
    }
}
