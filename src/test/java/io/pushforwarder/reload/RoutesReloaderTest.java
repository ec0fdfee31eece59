package io.pushforwarder.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What an edit of the routes folder does to the running routes; polls are driven by the test. */
class RoutesReloaderTest {

    private static final String TEMPLATE = """
            - routeTemplate:
                id: greet
                parameters:
                  - name: name
                route:
                  description: "Greets"
                  from:
                    uri: "direct:{{name}}"
                    steps:
                      - setBody:
                          constant: "%s {{name}}"
            """;
    private static final String TARGET = """
            - templatedRoute:
                routeTemplateRef: greet
                routeId: greet-%1$s
                parameters:
                  - name: name
                    value: %1$s
            """;
    private static final String PLAIN = """
            - route:
                id: plain
                description: "Answers plainly"
                from:
                  uri: direct:plain
                  steps:
                    - setBody:
                        constant: "%s"
            """;

    @TempDir
    Path dir;
    private CamelContext context;
    private RoutesReloader reloader;

    @BeforeEach
    void start() throws Exception {
        write("template.camel.yaml", TEMPLATE.formatted("hello"));
        write("targets.camel.yaml", TARGET.formatted("a"));
        write("plain.camel.yaml", PLAIN.formatted("v1"));
        context = new DefaultCamelContext();
        List<Resource> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().map(f -> PluginHelper.getResourceLoader(context).resolveResource("file:" + f))
                    .toList();
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(files);
        context.start();
        // polled by the test only
        reloader = new RoutesReloader(context, dir, 3_600_000, "test");
        context.addService(reloader, true, true);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    private String call(String endpoint) {
        return context.createProducerTemplate().requestBody(endpoint, "", String.class);
    }

    /** Two polls: an edit is applied once the next poll sees the same text. */
    private void settle() throws Exception {
        reloader.poll();
        reloader.poll();
    }

    @Test
    void anEditIsAppliedOnlyWhenTheNextPollSeesTheSameText() throws Exception {
        write("plain.camel.yaml", PLAIN.formatted("v2"));
        reloader.poll();
        assertEquals("v1", call("direct:plain"), "half-written saves are not applied");
        reloader.poll();
        assertEquals("v2", call("direct:plain"));
        assertEquals("hello a", call("direct:a"), "the other files' routes are untouched");
    }

    @Test
    void aTargetAddedOrRemovedAddsOrRemovesItsRoute() throws Exception {
        write("targets.camel.yaml", TARGET.formatted("a") + TARGET.formatted("b"));
        settle();
        assertEquals("hello b", call("direct:b"));
        assertEquals("hello a", call("direct:a"));

        write("targets.camel.yaml", TARGET.formatted("b"));
        settle();
        assertNull(context.getRoute("greet-a"));
        assertEquals("hello b", call("direct:b"));
    }

    @Test
    void aChangedTemplateRecreatesTheRoutesBuiltFromIt() throws Exception {
        write("template.camel.yaml", TEMPLATE.formatted("hi"));
        settle();
        assertEquals("hi a", call("direct:a"));
        assertEquals("v1", call("direct:plain"));
    }

    @Test
    void aBrokenEditKeepsTheOldRoutesRunning() throws Exception {
        write("targets.camel.yaml", TARGET.formatted("a") + "- templatedRoute: [ not yaml\n");
        settle();
        assertEquals("hello a", call("direct:a"));
        // the fixed edit is compared with what runs, not with the broken text: the target it drops is removed
        write("targets.camel.yaml", TARGET.formatted("c"));
        settle();
        assertEquals("hello c", call("direct:c"));
        assertNull(context.getRoute("greet-a"));
    }

    @Test
    void anEditWhoseRoutesCannotBeCreatedPutsTheOldOnesBack() throws Exception {
        String missingParameter = """
                - templatedRoute:
                    routeTemplateRef: greet
                    routeId: greet-nameless
                """;
        write("targets.camel.yaml", TARGET.formatted("a") + missingParameter);
        settle();
        assertEquals("hello a", call("direct:a"));
        assertNull(context.getRoute("greet-nameless"));
    }

    @Test
    void aRouteWithoutAnIdOrABeansFileIsNotApplied() throws Exception {
        write("plain.camel.yaml", """
                - route:
                    from:
                      uri: direct:anonymous
                      steps:
                        - setBody:
                            constant: "x"
                """);
        write("beans.camel.yaml", """
                - beans:
                    - name: something
                      type: java.lang.StringBuilder
                """);
        settle();
        assertEquals("v1", call("direct:plain"));
        assertNull(context.getRegistry().lookupByName("something"));
    }
}
