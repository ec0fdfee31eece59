package io.pushforwarder.remotewrite;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.sun.management.ThreadMXBean;

/**
 * A JMH-less micro-benchmark of the remote-write encoding per node_exporter scrape (about 58 KB, 505 series):
 * warm-up, then rounds of N timed calls per step, each call measured alone in thread CPU time and allocated bytes
 * (ThreadMXBean). Run it with {@code bin/bench-remote-write [warmup] [iterations] [rounds]}.
 *
 * <p>Measured steps, all single-threaded as on the sender thread:
 * <ul>
 *   <li>samples: the parsed series to {@link Sample}s with the target's labels ({@link TargetSamples}: merge,
 *       sort, check) — the route's share;</li>
 *   <li>encode: {@link WriteRequestEncoder#encode} — write the protobuf, snappy — the sender's share, also shown
 *       in its two parts, next to the generated WriteRequest it replaced;</li>
 *   <li>scrape to body: both.</li>
 * </ul>
 */
public final class EncodingBenchmark {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Map<String, String> TARGET = Map.of("job", "node", "instance", "web-1", "dc", "eu-west-1");
    private static long blackhole;

    private EncodingBenchmark() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        THREADS.setThreadAllocatedMemoryEnabled(true);

        List<NodeExporterLikeScrape.Series> scrape = NodeExporterLikeScrape.series();
        long now = System.currentTimeMillis();
        List<Sample> samples = toSamples(scrape, now);
        WriteRequestEncoder encoder = new WriteRequestEncoder();
        EncodedRequest request = encoder.encode(samples);
        byte[] protobuf = WriteRequestEncoder.writeRequest(samples).toByteArray();
        SnappyBlock snappy = new SnappyBlock();

        System.out.printf(Locale.ROOT, "remote-write encoding benchmark: %s, %s, args %s%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "scrape: %d series (with up), exposition text %,d bytes; target labels %s%n",
                samples.size(), NodeExporterLikeScrape.exposition().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                TARGET.keySet());
        System.out.printf(Locale.ROOT, "request: protobuf %,d bytes, snappy %,d bytes (%.1f%%), %d series%n",
                request.protobufBytes(), request.body().length, 100.0 * request.body().length / request.protobufBytes(),
                request.series());
        System.out.printf(Locale.ROOT, "warm-up %d calls, then %d rounds of %d measured calls per step, the steps "
                + "taking turns; CPU time and allocation per call%n", warmup, rounds, iterations);
        System.out.printf(Locale.ROOT, "(the machine is shared: 'best round' is the lowest median of a round, the "
                + "others are over all rounds)%n%n");
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s %10s %12s%n", "step, per scrape", "median", "best round",
                "p99", "mean", "alloc/call");

        Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
        steps.put("samples (TargetSamples: labels, sort, check)", () -> toSamples(scrape, now));
        steps.put("encode (protobuf writer + snappy)", () -> encoder.encode(samples));
        steps.put("  of which the protobuf writer", () -> WriteRequestEncoder.protobuf(samples));
        steps.put("  (generated WriteRequest + serialize, before)", () -> WriteRequestEncoder.writeRequest(samples)
                .toByteArray());
        steps.put("  of which snappy", () -> snappy.compress(protobuf));
        steps.put("scrape to request body (both)", () -> encoder.encode(toSamples(scrape, now)));
        steps.values().forEach(step -> {
            for (int i = 0; i < warmup; i++) {
                blackhole += step.get().hashCode();
            }
        });
        Map<String, long[][]> cpu = new LinkedHashMap<>();
        Map<String, long[][]> allocated = new LinkedHashMap<>();
        steps.keySet().forEach(name -> {
            cpu.put(name, new long[rounds][iterations]);
            allocated.put(name, new long[rounds][iterations]);
        });
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Supplier<Object>> step : steps.entrySet()) {
                measure(step.getValue(), cpu.get(step.getKey())[round], allocated.get(step.getKey())[round]);
            }
        }
        steps.keySet().forEach(name -> report(name, cpu.get(name), allocated.get(name)));

        queueMemory(scrape);
        System.out.println("(checksum " + blackhole + ")");
    }

    private static List<Sample> toSamples(List<NodeExporterLikeScrape.Series> scrape, long timestampMs) {
        TargetSamples samples = new TargetSamples(TARGET, timestampMs);
        for (NodeExporterLikeScrape.Series series : scrape) {
            samples.add(series.name(), series.labels(), series.value());
        }
        return samples.up(true).samples();
    }

    private static void measure(Supplier<Object> call, long[] cpu, long[] allocated) {
        for (int i = 0; i < cpu.length; i++) {
            long bytes = THREADS.getCurrentThreadAllocatedBytes();
            long start = THREADS.getCurrentThreadCpuTime();
            Object result = call.get();
            cpu[i] = THREADS.getCurrentThreadCpuTime() - start;
            allocated[i] = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            blackhole += result.hashCode();
        }
    }

    private static void report(String name, long[][] cpuByRound, long[][] allocatedByRound) {
        long bestRound = Long.MAX_VALUE;
        for (long[] round : cpuByRound) {
            long[] sorted = round.clone();
            Arrays.sort(sorted);
            bestRound = Math.min(bestRound, sorted[sorted.length / 2]);
        }
        long[] cpu = Arrays.stream(cpuByRound).flatMapToLong(Arrays::stream).sorted().toArray();
        long[] allocated = Arrays.stream(allocatedByRound).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-44s %7.1f µs %7.1f µs %7.1f µs %7.1f µs %9.1f KB%n", name,
                cpu[cpu.length / 2] / 1000.0, bestRound / 1000.0, cpu[(int) Math.ceil(cpu.length * 0.99) - 1] / 1000.0,
                Arrays.stream(cpu).average().orElse(0) / 1000.0, allocated[allocated.length / 2] / 1024.0);
    }

    /** Heap held per queued sample, with fresh strings per scrape as a parser makes them. */
    private static void queueMemory(List<NodeExporterLikeScrape.Series> scrape) {
        int scrapes = 200;
        RemoteWriteSink sink = new RemoteWriteSink(RemoteWriteOptions.defaults("http://127.0.0.1:9/api/v1/write")
                .withQueue(1_000_000, Long.MAX_VALUE).withDrainTimeout(Duration.ZERO));
        long before = usedHeapAfterGc();
        for (int i = 0; i < scrapes; i++) {
            List<NodeExporterLikeScrape.Series> parsed = new ArrayList<>(scrape.size());
            for (NodeExporterLikeScrape.Series series : scrape) {
                Map<String, String> labels = new LinkedHashMap<>();
                series.labels().forEach((k, v) -> labels.put(new String(k), new String(v)));
                parsed.add(new NodeExporterLikeScrape.Series(new String(series.name()), labels, series.value()));
            }
            sink.offer(toSamples(parsed, 1_700_000_000_000L + i * 15_000L));
        }
        long after = usedHeapAfterGc();
        RemoteWriteStats stats = sink.stats();
        System.out.printf(Locale.ROOT, "%nqueue: %,d samples held (%d scrapes) count %,d bytes by the byte bound "
                        + "(%.0f per sample) and take about %,d bytes of heap (%.0f per sample, %.1fx)%n",
                stats.queueSamples(), scrapes, stats.queueBytes(), (double) stats.queueBytes() / stats.queueSamples(),
                after - before, (double) (after - before) / stats.queueSamples(),
                (double) (after - before) / stats.queueBytes());
        blackhole += stats.queueSamples();
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
