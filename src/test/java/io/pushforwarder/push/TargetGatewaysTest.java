package io.pushforwarder.push;

import java.util.List;

import io.pushforwarder.config.InvalidConfigurationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetGatewaysTest {

    private static final String A = "http://127.0.0.1:9091";
    private static final String B = "http://127.0.0.1:9092";

    private static TargetGateways of(String urls, String mode, String instance) {
        TargetGateways gateways = new TargetGateways();
        gateways.setUrls(urls);
        gateways.setMode(mode);
        gateways.setJob("node");
        gateways.setInstance(instance);
        gateways.setGroupingLabels("");
        return gateways;
    }

    @ParameterizedTest(name = "mode ''{0}''")
    @CsvSource({"shard", "replicate", "''"})
    void oneGatewayIsTheOnlyDestinationWhateverTheMode(String mode) {
        TargetGateways gateways = of(A, mode, "web-01");

        assertEquals(A, gateways.joined());
        assertEquals("", gateways.notOwning());
        assertFalse(gateways.reshardCleanupDue());
    }

    @Test
    void shardGivesTheOwnerAloneAndNamesTheOthersForTheCleanupOnce() {
        TargetGateways gateways = of(A + "," + B, "shard", "web-01");
        String owner = RendezvousHashing.owner("job/node/instance/web-01", List.of(A, B));

        assertEquals(owner, gateways.joined());
        assertEquals(owner.equals(A) ? B : A, gateways.notOwning());
        assertTrue(gateways.reshardCleanupDue());
        assertFalse(gateways.reshardCleanupDue(), "once per process");
    }

    @Test
    void replicateGivesEveryGatewayInTheOrderGiven() {
        TargetGateways gateways = of(B + ", " + A, "replicate", "web-01");

        assertEquals(B + "," + A, gateways.joined());
        assertEquals("", gateways.notOwning());
        assertFalse(gateways.reshardCleanupDue());
    }

    @Test
    void theGroupingLabelsAreHashedToo() {
        int differs = 0;
        for (int i = 0; i < 100; i++) {
            TargetGateways plain = of(A + "," + B, "shard", "web-" + i);
            TargetGateways labelled = of(A + "," + B, "shard", "web-" + i);
            labelled.setGroupingLabels("dc=eu");
            differs += plain.joined().equals(labelled.joined()) ? 0 : 1;
        }
        assertTrue(differs > 20 && differs < 80, "the labels changed the owner of " + differs + " of 100");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:9091,http://127.0.0.1:9091 | listed twice
            http://127.0.0.1:9091,,http://b:1           | an empty entry
            ftp://127.0.0.1:9091                        | not an http or https URL
            http://127.0.0.1:9091/                      | must not end in '/'
            """)
    void aBadListStopsTheRouteFromBeingCreated(String urls, String problem) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new TargetGateways().setUrls(urls));
        assertTrue(e.getMessage().startsWith("pushgatewayUrl='" + urls + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("; fix: "), e.getMessage());
    }

    @Test
    void aBadModeIsRefused() {
        assertThrows(InvalidConfigurationException.class, () -> new TargetGateways().setMode("spread"));
    }
}
