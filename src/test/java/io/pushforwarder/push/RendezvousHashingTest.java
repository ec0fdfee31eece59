package io.pushforwarder.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendezvous hashing: stable owners, even spread, and a new gateway takes about 1/N of the keys, all to itself. */
class RendezvousHashingTest {

    private static final List<String> THREE = List.of("http://10.0.0.1:9091", "http://10.0.0.2:9091",
            "http://10.0.0.3:9091");
    private static final String FOURTH = "http://10.0.0.4:9091";

    /**
     * Pinned owners: SHA-256 is the same on every JVM and release, so these never change. A change here means two
     * forwarder versions would disagree on where a target lives, and every target would move on an upgrade.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "job/node/instance/web-01, http://10.0.0.1:9091",
        "job/node/instance/web-02, http://10.0.0.1:9091",
        "job/node/instance/db-01, http://10.0.0.3:9091",
        "job/node/instance/db-05, http://10.0.0.2:9091",
        "job/node/instance/app-01, http://10.0.0.2:9091",
        "job/app/instance/web-01/dc/eu, http://10.0.0.3:9091",
    })
    void theOwnerOfAKeyIsPinned(String key, String owner) {
        assertEquals(owner, RendezvousHashing.owner(key, THREE));
    }

    @Test
    void theOwnerDoesNotDependOnTheOrderOfTheList() {
        List<String> reversed = new ArrayList<>(THREE);
        java.util.Collections.reverse(reversed);
        for (int i = 0; i < 1000; i++) {
            String key = "job/node/instance/host-" + i;
            assertEquals(RendezvousHashing.owner(key, THREE), RendezvousHashing.owner(key, reversed), key);
        }
    }

    @Test
    void keysSpreadEvenlyOverTheGateways() {
        Map<String, Integer> counts = new HashMap<>();
        int keys = 10_000;
        for (int i = 0; i < keys; i++) {
            counts.merge(RendezvousHashing.owner("job/node/instance/host-" + i, THREE), 1, Integer::sum);
        }
        for (String gateway : THREE) {
            double share = counts.getOrDefault(gateway, 0) / (double) keys;
            assertTrue(Math.abs(share - 1.0 / 3) < 0.03, gateway + " owns " + share);
        }
    }

    @Test
    void addingAFourthGatewayMovesAboutAQuarterOfTheKeysAllToTheNewOne() {
        List<String> four = new ArrayList<>(THREE);
        four.add(FOURTH);
        int keys = 10_000;
        int moved = 0;
        for (int i = 0; i < keys; i++) {
            String key = "job/node/instance/host-" + i + "/dc/eu-" + (i % 7);
            String before = RendezvousHashing.owner(key, THREE);
            String after = RendezvousHashing.owner(key, four);
            if (!before.equals(after)) {
                moved++;
                assertEquals(FOURTH, after, key + " moved between two old gateways");
            }
        }
        double share = moved / (double) keys;
        assertTrue(Math.abs(share - 0.25) < 0.03, "moved " + share);
    }

    @Test
    void removingAGatewayMovesOnlyItsOwnKeys() {
        List<String> two = THREE.subList(0, 2);
        for (int i = 0; i < 10_000; i++) {
            String key = "job/node/instance/host-" + i;
            String before = RendezvousHashing.owner(key, THREE);
            String after = RendezvousHashing.owner(key, two);
            if (!before.equals(THREE.get(2))) {
                assertEquals(before, after, key + " moved although its gateway stayed");
            }
        }
    }

    @Test
    void nodeAndKeyAreSeparatedInTheHash() {
        assertTrue(RendezvousHashing.weight("ab", "c") != RendezvousHashing.weight("a", "bc"));
    }

    @Test
    void noGatewayIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RendezvousHashing.owner("job/x", List.of()));
    }
}
