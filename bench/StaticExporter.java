// A fast static exporter for bin/bench: serves one fixed, valid text exposition body of about BYTES bytes on
// 127.0.0.1:PORT, at any path, with a Content-Length. The body is built once at start; each request only copies it.
//   java bench/StaticExporter.java PORT BYTES
// Series look like node_exporter's (about 120 bytes a line, 10 series per family, HELP and TYPE per family), and
// the names start with bench_ so they never clash with the gateway's own go_*/process_* families.
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public class StaticExporter {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long target = Long.parseLong(args[1]);
        StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, target + 4096));
        int family = 0;
        while (text.length() < target) {
            String name = "bench_static_metric_" + family + (family % 2 == 0 ? "_bytes" : "_total");
            String type = family % 2 == 0 ? "gauge" : "counter";
            text.append("# HELP ").append(name).append(" A static series of the bench exporter, family ").append(family).append(".\n");
            text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            for (int i = 0; i < 10 && text.length() < target; i++) {
                text.append(name).append("{device=\"dev").append(i).append("\",mountpoint=\"/srv/data/volume")
                        .append(i).append("\",fstype=\"ext4\"} ").append(1000003L * (family + 1) + i * 17L).append('\n');
            }
            family++;
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.err.println("static exporter: 127.0.0.1:" + port + " body " + body.length + " bytes, " + family + " families");
    }
}
