package io.pushforwarder.exposition;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A plain micro-benchmark of {@link ScrapeValidator}: CPU time and allocated bytes of one validation of a real
 * scrape, per call, after a warm-up. Run it with {@code bin/bench-validator [iterations] [warm-up] [file]}; the
 * default body is the node_exporter scrape in the test resources.
 *
 * <p>Each call is timed by the thread's own CPU clock, so the other processes on a shared machine do not count;
 * the clock reads add about a microsecond to every figure.
 */
public final class ScrapeValidatorBenchmark {

    private static final int DEFAULT_ITERATIONS = 20_000;
    private static final int DEFAULT_WARM_UP = 20_000;

    private ScrapeValidatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ITERATIONS;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_WARM_UP;
        byte[] body = args.length > 2 ? Files.readAllBytes(Path.of(args[2])) : resource(ScrapeFixtures.NODE_EXPORTER);
        String source = args.length > 2 ? args[2] : "node_exporter scrape " + ScrapeFixtures.NODE_EXPORTER;

        Map<String, ScrapeRules> scenarios = new java.util.LinkedHashMap<>();
        scenarios.put("default rules (every repair on, no filter)", ScrapeRules.defaults());
        scenarios.put("dropNames go_|process_|promhttp_ and 2 static labels", ScrapeRules.builder()
                .dropNames(Pattern.compile("go_.*|process_.*|promhttp_.*"))
                .staticLabels(Map.of("env", "prod", "region", "eu-1")).build());

        System.out.printf("body: %s, %d bytes; %d iterations after %d warm-up%n", source, body.length, iterations, warmUp);
        for (Map.Entry<String, ScrapeRules> scenario : scenarios.entrySet()) {
            run(scenario.getKey(), body, scenario.getValue(), iterations, warmUp);
        }
    }

    private static void run(String name, byte[] body, ScrapeRules rules, int iterations, int warmUp) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        ScrapeValidator validator = new ScrapeValidator();
        long sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += validator.validate(new ByteArrayInputStream(body), rules).seriesCount();
        }
        long[] cpuNanos = new long[iterations];
        long[] allocated = new long[iterations];
        ValidScrape last = null;
        for (int i = 0; i < iterations; i++) {
            InputStream in = new ByteArrayInputStream(body);
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            long cpuBefore = threads.getCurrentThreadCpuTime();
            last = validator.validate(in, rules);
            cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuBefore;
            allocated[i] = threads.getThreadAllocatedBytes(thread) - bytesBefore;
            sink += last.seriesCount();
        }
        Arrays.sort(cpuNanos);
        Arrays.sort(allocated);
        System.out.printf("%s: %s%n", name, last);
        System.out.printf("  CPU per validation: median %.1f us, p99 %.1f us (min %.1f, max %.1f; %.0f MB/s at the median)%n",
                cpuNanos[iterations / 2] / 1e3, cpuNanos[(int) (iterations * 0.99)] / 1e3, cpuNanos[0] / 1e3,
                cpuNanos[iterations - 1] / 1e3, body.length / (cpuNanos[iterations / 2] / 1e9) / 1e6);
        System.out.printf("  allocated per validation: median %d bytes, p99 %d bytes (%.2f x the body)%n",
                allocated[iterations / 2], allocated[(int) (iterations * 0.99)],
                allocated[iterations / 2] / (double) body.length);
        if (sink == 42) {
            System.out.println("(sink)");
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ScrapeValidatorBenchmark.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " not on the classpath: run bin/bench-validator from the project");
            }
            return in.readAllBytes();
        }
    }
}
