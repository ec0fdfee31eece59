// The floor under workload 1 for bin/bench: the same forward (scrape, check every byte, PUT the data group, PUT a
// small status group) written straight on Apache HttpClient 5 and push-forwarder's own validator, without Camel,
// with the forwarder's JVM flags. It tells how much of a forward's CPU the JVM stack itself costs, whatever the
// routes do: push-forwarder cannot get below it while it runs on this client.
//   java -cp 'target/push-forwarder.jar:target/lib/*' bench/JvmFloor.java EXPORTER_URL GATEWAY_URL TARGETS WARMUP_S WINDOW_S
// TARGETS instances (floor-1..) are forwarded in turn, TARGETS per second, as the forwarder's ticks do in workload 1.
// Prints one line: "floor cpu_per_forward_ms X forwards N".
import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;
import io.pushforwarder.exposition.ValidScrape;
import io.pushforwarder.scrape.TargetRules;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

public class JvmFloor {
    private static final ContentType TEXT = ContentType.parse("text/plain; version=0.0.4; charset=utf-8");

    public static void main(String[] args) throws Exception {
        String exporter = args[0];
        String gateway = args[1];
        int targets = Integer.parseInt(args[2]);
        long warmupNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        long windowNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TargetRules rules = new TargetRules();
        long periodNanos = 1_000_000_000L / targets;
        try (CloseableHttpClient client = HttpClients.custom().disableCookieManagement().disableContentCompression()
                .disableAutomaticRetries().build()) {
            long start = System.nanoTime();
            long windowStart = start + warmupNanos;
            long end = windowStart + windowNanos;
            long cpuAtWindow = -1;
            long forwards = 0;
            for (long i = 0; ; i++) {
                long due = start + i * periodNanos;
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (cpuAtWindow < 0 && due >= windowStart) {
                    cpuAtWindow = os.getProcessCpuTime();
                }
                forward(client, rules, exporter, gateway + "/metrics/job/bench/instance/floor-" + (i % targets + 1));
                if (cpuAtWindow >= 0) {
                    forwards++;
                }
            }
            double perForwardMs = (os.getProcessCpuTime() - cpuAtWindow) / 1e6 / forwards;
            System.out.printf("floor cpu_per_forward_ms %.3f forwards %d%n", perForwardMs, forwards);
        }
    }

    private static void forward(CloseableHttpClient client, TargetRules rules, String exporter, String group)
            throws Exception {
        ValidScrape scrape;
        try (ClassicHttpResponse response = client.executeOpen(null, new HttpGet(exporter), null)) {
            long length = response.getEntity().getContentLength();
            scrape = rules.validate(response.getEntity().getContent(), length < 0 ? null : length, System.nanoTime());
        }
        try (scrape) {
            HttpPut data = new HttpPut(group);
            data.setEntity(new ByteArrayEntity(scrape.body(), 0, scrape.bodyLength(), TEXT));
            try (ClassicHttpResponse response = client.executeOpen(null, data, null)) {
                EntityUtils.consume(response.getEntity());
            }
        }
        HttpPut status = new HttpPut(group + "/push_forwarder/status");
        status.setEntity(new StringEntity("push_forwarder_target_up 1\npush_forwarder_last_success_timestamp_seconds "
                + System.currentTimeMillis() / 1000 + "\n", TEXT));
        try (ClassicHttpResponse response = client.executeOpen(null, status, null)) {
            EntityUtils.consume(response.getEntity());
        }
    }
}
