package io.pushforwarder.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.pushforwarder.config.ForwarderConfig;
import io.pushforwarder.status.TargetHealth;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.apache.camel.model.Model;
import org.apache.camel.util.URISupport;

/**
 * Ends a one-round run: waits until every target has ticked once (the first tick fires at start), prints one line per
 * target and stops the runtime. With --check-config it prints the targets the routes define and stops at once.
 */
final class RoundReport extends MainListenerSupport {

    /** The route group of every route made from the forward-exporter template. */
    static final String TARGETS_GROUP = "forwarder-targets";

    private final Mode mode;
    private final PrintStream out;
    private volatile int exitCode = ForwarderCommand.EXIT_FAILED;

    RoundReport(Mode mode, PrintStream out) {
        this.mode = mode;
        this.out = out;
    }

    int exitCode() {
        return exitCode;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        List<Route> targets = targetRoutes(context);
        if (mode == Mode.CHECK_CONFIG) {
            out.println("configuration OK: " + targets.size() + " target(s)");
            targets.forEach(route -> out.println("  " + route.getId() + ": " + describe(context, route)));
            // the beans' descriptions name files and choices, never a secret
            for (String side : SecurityBeans.SIDES) {
                out.println("  " + side + ": " + context.getRegistry().lookupByName(SecurityBeans.credentialsBean(side))
                        + "; " + context.getRegistry().lookupByName(SecurityBeans.httpClientBean(side)));
            }
            exitCode = ForwarderCommand.EXIT_OK;
            ((MainSupport) main).completed();
            return;
        }
        long timeoutMs = context.getPropertiesComponent().resolveProperty(ForwarderConfig.ONCE_TIMEOUT).map(Long::parseLong)
                .orElse(60_000L);
        Thread waiter = new Thread(() -> awaitRound(context, targets, Duration.ofMillis(timeoutMs), (MainSupport) main),
                "push-forwarder-round");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void awaitRound(CamelContext context, List<Route> targets, Duration timeout, MainSupport main) {
        TargetHealth health = context.getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline && !targets.stream().allMatch(r -> health.hasTicked(r.getId()))) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean allGood = true;
        for (Route route : targets) {
            String id = route.getId();
            boolean good = health.hasTicked(id) && (mode == Mode.DRY_RUN
                    ? health.lastOutcome(id).startsWith("would push") : health.isUp(id));
            allGood &= good;
            String outcome = health.hasTicked(id) ? health.lastOutcome(id)
                    : "skipped: no tick within " + timeout.toSeconds() + " s (" + ForwarderConfig.ONCE_TIMEOUT
                            + "); is another forwarder holding the lock?";
            out.println(id + ": " + outcome);
        }
        exitCode = allGood && !targets.isEmpty() ? ForwarderCommand.EXIT_OK : ForwarderCommand.EXIT_FAILED;
        main.completed();
    }

    /** exporter -> gateway group, from the template parameters as resolved; credentials in URLs are masked. */
    static String describe(CamelContext context, Route route) {
        Map<String, Object> parameters = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition(route.getId()).getTemplateParameters();
        Function<String, String> value = name -> URISupport.sanitizeUri(
                context.resolvePropertyPlaceholders(String.valueOf(parameters.get(name))));
        return value.apply("exporterUrl") + " -> " + value.apply("pushgatewayUrl") + " job=" + value.apply("job")
                + " instance=" + value.apply("instance") + " schedule=\"" + value.apply("schedule") + "\"";
    }

    static List<Route> targetRoutes(CamelContext context) {
        return context.getRoutes().stream()
                .filter(route -> TARGETS_GROUP.equals(route.getGroup()))
                .toList();
    }
}
