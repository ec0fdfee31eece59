package io.pushforwarder.reload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * What one routes file defines, parsed from its text without touching the context: routes, route templates,
 * templated routes and route configurations, each with its id.
 */
record RouteFile(List<RouteDefinition> routes, List<RouteTemplateDefinition> templates,
        List<TemplatedRouteDefinition> templatedRoutes, List<RouteConfigurationDefinition> configurations) {

    /** A YAML bean is bound when it is parsed, replacing the instance the running routes use. */
    private static final Pattern DECLARES_BEANS = Pattern.compile("(?m)^-\\s+beans\\s*:");

    static final RouteFile EMPTY = new RouteFile(List.of(), List.of(), List.of(), List.of());

    /**
     * Parses a routes file's text.
     *
     * @throws InvalidRoutesException when it is not valid YAML DSL, declares beans, or names a route without an id
     */
    static RouteFile parse(CamelContext context, String location, String text) {
        if (text.isBlank()) {
            return EMPTY;
        }
        if (DECLARES_BEANS.matcher(text).find()) {
            throw new InvalidRoutesException("it declares beans, which are bound once at start-up; restart to apply");
        }
        try {
            Resource resource = ResourceHelper.fromString(location, text);
            RoutesBuilder loaded = PluginHelper.getRoutesLoader(context).getRoutesLoader("yaml")
                    .loadRoutesBuilder(resource);
            RouteBuilder builder = (RouteBuilder) loaded;
            builder.setCamelContext(context);
            builder.configure();
            List<RouteConfigurationDefinition> configurations = new ArrayList<>();
            if (builder instanceof RouteConfigurationBuilder configurationBuilder) {
                configurationBuilder.configuration();
                configurations.addAll(configurationBuilder.getRouteConfigurationCollection()
                        .getRouteConfigurations());
            }
            RouteFile file = new RouteFile(List.copyOf(builder.getRouteCollection().getRoutes()),
                    List.copyOf(builder.getRouteTemplateCollection().getRouteTemplates()),
                    List.copyOf(builder.getTemplatedRouteCollection().getTemplatedRoutes()),
                    List.copyOf(configurations));
            file.requireIds();
            return file;
        } catch (InvalidRoutesException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidRoutesException(rootMessage(e));
        }
    }

    /** The ids of the routes this file creates, its own and its templated ones. */
    Set<String> routeIds() {
        Set<String> ids = new TreeSet<>();
        routes.forEach(route -> ids.add(route.getRouteId()));
        templatedRoutes.forEach(route -> ids.add(route.getRouteId()));
        return ids;
    }

    Set<String> templateIds() {
        Set<String> ids = new TreeSet<>();
        templates.forEach(template -> ids.add(template.getId()));
        return ids;
    }

    Set<String> configurationIds() {
        Set<String> ids = new TreeSet<>();
        configurations.forEach(configuration -> ids.add(configuration.getId()));
        return ids;
    }

    /** Without an explicit id a route cannot be found again to be replaced. */
    private void requireIds() {
        for (RouteDefinition route : routes) {
            if (route.getRouteId() == null) {
                throw new InvalidRoutesException("a route has no id; give every route an id");
            }
        }
        for (TemplatedRouteDefinition route : templatedRoutes) {
            if (route.getRouteId() == null) {
                throw new InvalidRoutesException("the templatedRoute of " + route.getRouteTemplateRef()
                        + " has no routeId; give every templatedRoute a routeId");
            }
        }
        for (RouteTemplateDefinition template : templates) {
            if (template.getId() == null) {
                throw new InvalidRoutesException("a routeTemplate has no id");
            }
        }
        for (RouteConfigurationDefinition configuration : configurations) {
            if (configuration.getId() == null) {
                throw new InvalidRoutesException("a routeConfiguration has no id");
            }
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // YAML parser messages span lines (a snippet of the file with a caret): the log line stays one line
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
