package io.pushforwarder.routes;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.ModelToXMLDumper;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route shows its id and a description in a route dump (what camel.main.dump-routes prints), templated routes
 * and the status and error routes included, and the camel.main.* keys of config/application.properties apply.
 */
class RouteDumpTest extends ForwarderRouteTestSupport {

    @Test
    void everyRouteInTheDumpHasAnExplicitIdAndADescription() throws Exception {
        ModelToXMLDumper dumper = PluginHelper.getModelToXMLDumper(context);
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = new ArrayList<>();
        Set<String> dumped = new TreeSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            String xml = dumper.dumpModelAsXml(context, route);
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            String id = root.getAttribute("id");
            dumped.add(id);
            if (id.isBlank() || !route.hasCustomIdAssigned()) {
                problems.add("a route has no explicit id: " + xml.lines().limit(3).toList());
            }
            if (description(root).isBlank()) {
                problems.add("route " + id + " has no description");
            }
        }
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            if (configuration.getDescription() == null || configuration.getDescription().isBlank()) {
                problems.add("route configuration " + configuration.getId() + " has no description");
            }
        }
        assertEquals(List.of(), problems);
        // the running routes say the same as the dump, the templated target included
        Set<String> running = new TreeSet<>();
        for (Route route : context.getRoutes()) {
            running.add(route.getRouteId());
            assertTrue(route.getDescription() != null && !route.getDescription().isBlank(), route.getRouteId());
        }
        assertEquals(running, dumped);
        assertTrue(dumped.containsAll(Set.of("forward-node-exporter", "push-status", "delete-group",
                "record-skipped-tick")), dumped.toString());
    }

    @Test
    void camelMainKeysOfThePropertiesFileApply() {
        // camel.main.name and camel.main.shutdown-timeout in config/application.properties
        assertEquals("push-forwarder", context.getName());
        assertEquals(10, context.getShutdownStrategy().getTimeout());
    }

    /** Camel 4 dumps the description as an attribute; older dumps had an element. */
    private static String description(Element route) {
        if (route.hasAttribute("description")) {
            return route.getAttribute("description");
        }
        var elements = route.getElementsByTagName("description");
        return elements.getLength() == 0 ? "" : elements.item(0).getTextContent();
    }
}
