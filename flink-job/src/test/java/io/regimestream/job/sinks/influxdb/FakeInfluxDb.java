package io.regimestream.job.sinks.influxdb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for InfluxDB's HTTP API on 127.0.0.1 for unit tests: records every request, answers
 * {@code /write} with 204 unless told otherwise, and {@code /query} with an empty result.
 */
final class FakeInfluxDb implements AutoCloseable {

    record Request(
            String method, String path, Map<String, String> query, String authorization, String body, int status) {
        List<String> lines() {
            return body.isEmpty() ? List.of() : Arrays.asList(body.split("\n"));
        }

        boolean isWrite() {
            return path.equals("/write");
        }
    }

    record Answer(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> nextWriteAnswers = new ConcurrentLinkedDeque<>();
    private volatile Answer everyAnswer;
    private volatile String refusedLine;
    private volatile Answer refusedLineAnswer;

    FakeInfluxDb() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The next {@code times} writes of points get this answer, then writes succeed again. The
     * sink's empty access-check write at start is answered 204 (or by {@link #answerEverything}).
     */
    void answerNextWrites(int times, int status, String body) {
        for (int i = 0; i < times; i++) {
            nextWriteAnswers.add(new Answer(status, body));
        }
    }

    /**
     * Like InfluxDB refusing a bad point: every write whose body has a line equal to {@code line}
     * gets this answer (before the scripted ones).
     */
    void refuseWritesWithLine(String line, int status, String body) {
        refusedLine = line;
        refusedLineAnswer = new Answer(status, body);
    }

    /** Every request (writes and queries) gets this answer from now on. */
    void answerEverything(int status, String body) {
        everyAnswer = new Answer(status, body);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Writes of points, without the sink's empty access-check write at start. */
    List<Request> writes() {
        return requests.stream().filter(r -> r.isWrite() && !r.body().isEmpty()).toList();
    }

    /** The lines of every write answered 204, in arrival order. */
    List<String> storedLines() {
        List<String> lines = new ArrayList<>();
        writes().stream().filter(r -> r.status() == 204).forEach(r -> lines.addAll(r.lines()));
        return lines;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        Answer answer = everyAnswer;
        if (answer == null
                && path.equals("/write")
                && refusedLine != null
                && Arrays.asList(body.split("\n")).contains(refusedLine)) {
            answer = refusedLineAnswer;
        } else if (answer == null && path.equals("/write") && !body.isEmpty()) {
            Answer scripted = nextWriteAnswers.poll();
            answer = scripted != null ? scripted : new Answer(204, "");
        } else if (answer == null) {
            answer = path.equals("/write")
                    ? new Answer(204, "")
                    : new Answer(200, "{\"results\":[{\"statement_id\":0}]}");
        }
        requests.add(new Request(
                exchange.getRequestMethod(),
                path,
                parseQuery(uri.getRawQuery()),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body,
                answer.status()));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
        if (answer.status() != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.put(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
