package io.pushforwarder.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process HTTP server on loopback for inputs the real components cannot produce (500s, cookies, odd headers)
 * and for requests the real gateway does not reveal (which headers arrived). Records every request it gets.
 */
public final class FakeHttpServer implements AutoCloseable {

    /** What the server answers; mutable so a test can change the answer between ticks. */
    public static final class Answer {
        public volatile int status = 200;
        public volatile byte[] body = new byte[0];
        public volatile Map<String, String> headers = Map.of();
        /** How long to wait before answering: a slow exporter. */
        public volatile long delayMillis;
        /** A pause after every byte of the body: an exporter that trickles. 0 sends at once. */
        public volatile long trickleMillisPerByte;
        /** How the body ends: normally, short of its Content-Length, or chunked without the last chunk. */
        public volatile Ending ending = Ending.COMPLETE;

        public Answer with(int status, String body, Map<String, String> headers) {
            return with(status, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        public Answer with(int status, byte[] body, Map<String, String> headers) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.delayMillis = 0;
            this.trickleMillisPerByte = 0;
            this.ending = Ending.COMPLETE;
            return this;
        }
    }

    /** The ways a body can end. */
    public enum Ending { COMPLETE, SHORT_OF_CONTENT_LENGTH, CHUNKED_WITHOUT_LAST_CHUNK }

    /**
     * One request as it arrived.
     *
     * @param query         the raw query string, null when there is none
     * @param body          the body as UTF-8 text
     * @param bytes         the body as it came, for binary bodies
     * @param receivedNanos {@link System#nanoTime()} when it arrived, to measure the gaps between requests
     */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
            byte[] bytes, long receivedNanos) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> nextAnswers = new ConcurrentLinkedQueue<>();
    /** The answer to every request that finds no one-time answer queued by {@link #answerNext}. */
    public final Answer answer = new Answer();

    /** Answers the next requests with these statuses, one each, then falls back to {@link #answer}. */
    public void script(int... statuses) {
        for (int status : statuses) {
            nextAnswers.add(new Answer().with(status, "scripted " + status + "\n", Map.of()));
        }
    }

    public FakeHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Queues a one-time answer: requests take the queued answers in order, then fall back to {@link #answer}. */
    public FakeHttpServer answerNext(int status, String body, Map<String, String> headers) {
        nextAnswers.add(new Answer().with(status, body, headers));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        long receivedNanos = System.nanoTime();
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                new String(requestBody, StandardCharsets.UTF_8), requestBody, receivedNanos));
        Answer queued = nextAnswers.poll();
        Answer answer = queued != null ? queued : this.answer;
        if (answer.delayMillis > 0) {
            sleep(answer.delayMillis);
        }
        answer.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = answer.body;
        switch (answer.ending) {
            case SHORT_OF_CONTENT_LENGTH -> {
                // promise the whole body, send half of it, and hang up
                exchange.sendResponseHeaders(answer.status, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                throw new IOException("cut short on purpose");
            }
            case CHUNKED_WITHOUT_LAST_CHUNK -> {
                exchange.sendResponseHeaders(answer.status, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                // a failing handler makes the server drop the connection before the terminating chunk
                throw new IOException("chunked body cut on purpose");
            }
            default -> {
                exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    if (answer.trickleMillisPerByte > 0) {
                        for (byte b : body) {
                            out.write(b);
                            out.flush();
                            sleep(answer.trickleMillisPerByte);
                        }
                    } else {
                        out.write(body);
                    }
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
