package io.pushforwarder.push;

import java.util.Locale;

/** How a target's pushes spread over several Pushgateways; with one gateway both modes push to it alone. */
public enum GatewayMode {
    /** each target to exactly one gateway, chosen by rendezvous hashing of its grouping key: capacity */
    SHARD,
    /** each target to every gateway: availability */
    REPLICATE;

    /** shard or replicate, any case; blank means shard. */
    public static GatewayMode parse(String text) {
        if (text == null || text.isBlank()) {
            return SHARD;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a gateway mode; set shard or replicate");
        }
    }
}
