package io.pushforwarder.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ServiceStatus;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies edits of the routes folder while the forwarder runs ({@code forwarder.reload=true}).
 *
 * <p>Camel 4.18's own route reload does not fit: with {@code routes-reload-remove-all-routes=false} it ignores
 * templatedRoute files, and with {@code true} it removes every route at once, which releases the lock's cluster view
 * (its last reference is gone) so that the leader gives the lock up. This watcher replaces only the routes of the
 * edited file, plus the routes built from a template or route configuration that the file redefines, and it holds a
 * reference on the lock's view while it does, so the lock is kept. The new routes get their clustered route policy
 * from the context's policy factory, like the ones created at start-up: on a standby they stay stopped.
 *
 * <p>Files are polled; an edit is applied once the file's text is the same in two polls in a row, so that an
 * editor's half-written save is never applied. A file that does not parse, or whose routes fail to start, is not
 * applied: the routes it had before keep running (or are put back) and one log line says why.
 */
public final class RoutesReloader extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.reload");

    private final CamelContext context;
    private final Path dir;
    private final long pollMs;
    private final String lockNamespace;
    /** The text each file had when it was last handled, applied or refused: an edit is a text that differs. */
    private final Map<Path, String> seen = new TreeMap<>();
    /** The text each file's running routes come from: the last one applied, or the one read at start-up. */
    private final Map<Path, String> applied = new TreeMap<>();
    /** A changed text seen once, applied when the next poll sees it again. */
    private final Map<Path, String> pending = new HashMap<>();
    private ScheduledExecutorService executor;

    /**
     * @param dir           the routes folder, as camel.main.routes-include-pattern names it
     * @param lockNamespace the namespace of the lock's cluster view, held while routes are replaced
     */
    public RoutesReloader(CamelContext context, Path dir, long pollMs, String lockNamespace) {
        this.context = context;
        this.dir = dir;
        this.pollMs = pollMs;
        this.lockNamespace = lockNamespace;
    }

    @Override
    protected void doStart() throws IOException {
        applied.putAll(readAll());
        seen.putAll(applied);
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "forwarder-reload");
        executor.scheduleWithFixedDelay(this::pollSafely, pollMs, pollMs, TimeUnit.MILLISECONDS);
        LOG.info("routes reload on: watching {}/*.yaml every {} ms", dir, pollMs);
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (Exception e) {
            LOG.warn("routes reload: cannot read {}, trying again in {} ms: {}", dir, pollMs, e.toString());
        }
    }

    /** One poll: applies every file whose new text has stayed the same since the previous poll. */
    synchronized void poll() throws IOException {
        Map<Path, String> now = readAll();
        Set<Path> files = new LinkedHashSet<>(seen.keySet());
        files.addAll(now.keySet());
        for (Path file : files) {
            String text = now.getOrDefault(file, "");
            if (text.equals(seen.getOrDefault(file, ""))) {
                pending.remove(file);
            } else if (text.equals(pending.get(file))) {
                pending.remove(file);
                apply(file, text);
            } else {
                pending.put(file, text);
            }
        }
    }

    private Map<Path, String> readAll() throws IOException {
        Map<Path, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".yaml"))::iterator) {
                texts.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    /** Replaces what the file defined by what it defines now; on any failure puts the old routes back. */
    private void apply(Path file, String text) {
        String name = dir.relativize(file).toString();
        String before = applied.getOrDefault(file, "");
        RouteFile next;
        try {
            next = RouteFile.parse(context, location(file), text);
        } catch (InvalidRoutesException e) {
            LOG.warn("routes reload: {} not applied, the routes it had keep running: {}", name, e.getMessage());
            // not retried until the file changes again
            seen.put(file, text);
            return;
        }
        CamelClusterView held = holdLock();
        try {
            RouteFile previous = parseApplied(file, before);
            Map<Path, RouteFile> dependents = dependents(file, next, previous);
            Set<String> removed = replace(previous, next, dependents);
            applied.put(file, text);
            seen.put(file, text);
            Set<String> created = new java.util.TreeSet<>(next.routeIds());
            dependents.values().forEach(other -> created.addAll(other.routeIds()));
            LOG.info("routes reload: {} applied: removed routes {}, created routes {}", name, removed, created);
        } catch (Exception e) {
            LOG.warn("routes reload: {} not applied, the routes it had are put back: {}", name,
                    RouteFile.rootMessage(e));
            restore(file, before);
            seen.put(file, text);
        } finally {
            releaseLock(held);
        }
    }

    /**
     * The other files whose routes are built from a template or route configuration that this edit changes: they
     * are created again so that they pick the new definition up.
     */
    private Map<Path, RouteFile> dependents(Path edited, RouteFile next, RouteFile previous) {
        Set<String> templates = new LinkedHashSet<>(next.templateIds());
        templates.addAll(previous.templateIds());
        Set<String> configurations = new LinkedHashSet<>(next.configurationIds());
        configurations.addAll(previous.configurationIds());
        Map<Path, RouteFile> dependents = new TreeMap<>();
        if (templates.isEmpty() && configurations.isEmpty()) {
            return dependents;
        }
        applied.forEach((file, text) -> {
            if (!file.equals(edited)) {
                RouteFile other = parseApplied(file, text);
                boolean usesTemplate = other.templatedRoutes().stream()
                        .anyMatch(route -> templates.contains(route.getRouteTemplateRef()));
                boolean hasRoutes = !other.routeIds().isEmpty();
                // a route configuration can apply to any route: all of them are created again
                if (usesTemplate || hasRoutes && !configurations.isEmpty()) {
                    dependents.put(file, other);
                }
            }
        });
        return dependents;
    }

    private RouteFile parseApplied(Path file, String text) {
        try {
            return RouteFile.parse(context, location(file), text);
        } catch (InvalidRoutesException e) {
            // a file that was refused: whatever it had before is what runs, and that is unknown here
            return RouteFile.EMPTY;
        }
    }

    private Set<String> replace(RouteFile previous, RouteFile next, Map<Path, RouteFile> dependents)
            throws Exception {
        Set<String> toRemove = new LinkedHashSet<>(previous.routeIds());
        toRemove.addAll(next.routeIds());
        dependents.values().forEach(other -> toRemove.addAll(other.routeIds()));
        Set<Endpoint> endpointsBefore = endpoints();
        Set<String> removed = removeRoutes(toRemove);
        // before the new routes run: their first tick must find the routes it calls ready
        if (!endpoints().containsAll(endpointsBefore)) {
            restartOthers(toRemove);
        }
        Model model = model();
        for (RouteTemplateDefinition template : previous.templates()) {
            removeTemplate(model, template.getId());
        }
        for (RouteConfigurationDefinition configuration : previous.configurations()) {
            removeConfiguration(model, configuration.getId());
        }
        add(next);
        for (RouteFile other : dependents.values()) {
            add(other);
        }
        return removed;
    }

    /**
     * Restarts the running routes that were not replaced. Camel removes a removed route's endpoints unless another
     * route declares them, and a route that reaches the same URI through toD (push-status, delete-group) would keep
     * using the closed HTTP client it cached; a restart makes it look the endpoint up again. Routes a standby keeps
     * stopped stay stopped.
     */
    private void restartOthers(Set<String> replaced) throws Exception {
        for (Route route : List.copyOf(context.getRoutes())) {
            String id = route.getRouteId();
            if (!replaced.contains(id) && context.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
                context.getRouteController().stopRoute(id);
                context.getRouteController().startRoute(id);
            }
        }
    }

    /** Puts back what the file had: its last applied text, re-read, with everything built from it. */
    private void restore(Path file, String before) {
        try {
            RouteFile previous = parseApplied(file, before);
            Map<Path, RouteFile> dependents = dependents(file, previous, previous);
            replace(previous, previous, dependents);
        } catch (Exception e) {
            LOG.error("routes reload: the routes of {} could not be put back, restart the forwarder: {}", file,
                    RouteFile.rootMessage(e));
        }
    }

    private Set<String> removeRoutes(Set<String> ids) throws Exception {
        Set<String> removed = new LinkedHashSet<>();
        Model model = model();
        for (String id : ids) {
            Route route = context.getRoute(id);
            if (route != null) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
                removed.add(id);
            }
            RouteDefinition definition = model.getRouteDefinition(id);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            }
        }
        return removed;
    }

    private void add(RouteFile file) throws Exception {
        Model model = model();
        for (RouteConfigurationDefinition configuration : file.configurations()) {
            removeConfiguration(model, configuration.getId());
        }
        model.addRouteConfigurations(file.configurations());
        for (RouteTemplateDefinition template : file.templates()) {
            removeTemplate(model, template.getId());
        }
        model.addRouteTemplateDefinitions(file.templates());
        model.addRouteDefinitions(file.routes());
        for (TemplatedRouteDefinition route : file.templatedRoutes()) {
            model.addRouteFromTemplatedRoute(route);
        }
    }

    private static void removeTemplate(Model model, String id) throws Exception {
        List<RouteTemplateDefinition> same = new ArrayList<>();
        for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
            if (id.equals(template.getId())) {
                same.add(template);
            }
        }
        model.removeRouteTemplateDefinitions(same);
    }

    private static void removeConfiguration(Model model, String id) throws Exception {
        RouteConfigurationDefinition existing = model.getRouteConfigurationDefinition(id);
        if (existing != null) {
            model.removeRouteConfiguration(existing);
        }
    }

    /**
     * A reference on the lock's view while routes are removed and added: if the edited routes held the last ones,
     * releasing them would stop the view and give the lock up.
     */
    private CamelClusterView holdLock() {
        Optional<CamelClusterService> service = ClusterServiceHelper.lookupService(context);
        if (service.isEmpty()) {
            return null;
        }
        try {
            return service.get().getView(lockNamespace);
        } catch (Exception e) {
            throw new IllegalStateException("cannot hold the lock's view: " + e.getMessage(), e);
        }
    }

    private static void releaseLock(CamelClusterView held) {
        if (held != null) {
            try {
                held.getClusterService().releaseView(held);
            } catch (Exception e) {
                LOG.warn("routes reload: cannot release the lock's view: {}", e.toString());
            }
        }
    }

    /** The endpoint instances: a removed endpoint equals the new one created for the same URI. */
    private Set<Endpoint> endpoints() {
        Set<Endpoint> endpoints = Collections.newSetFromMap(new IdentityHashMap<>());
        endpoints.addAll(context.getEndpoints());
        return endpoints;
    }

    private Model model() {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static String location(Path file) {
        return "file:" + file;
    }
}
