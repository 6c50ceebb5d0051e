package io.regimestream.benchmarks.outside;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job process's Flink REST API (the web UI's port, localhost): whether the job runs, its
 * checkpoints, and the metrics of its one task (Kafka client metrics included). Read outside the
 * measured windows, or once a second at most, so asking costs the job nothing that matters.
 */
final class FlinkRest {

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    /** The id of the one job when it and all its tasks run; null until then (or when the REST API does not answer yet). */
    String runningJob() throws InterruptedException {
        try {
            for (JsonNode job : get("/jobs/overview").path("jobs")) {
                JsonNode tasks = job.path("tasks");
                if ("RUNNING".equals(job.path("state").asText())
                        && tasks.path("running").asInt() == tasks.path("total").asInt()
                        && tasks.path("total").asInt() > 0) {
                    return job.path("jid").asText();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The job's vertices (one: the chained task), by id. */
    List<String> vertices(String job) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        get("/jobs/" + job).path("vertices").forEach(v -> ids.add(v.path("id").asText()));
        return ids;
    }

    /** Checkpoints of the job: counts, summary and history (as long as {@code web.checkpoints.history} keeps). */
    JsonNode checkpoints(String job) throws IOException, InterruptedException {
        return get("/jobs/" + job + "/checkpoints");
    }

    /**
     * The metrics of a vertex whose names end with one of {@code suffixes}, aggregated over its
     * subtasks: name -> {min, max, avg, sum}. The web server fetches metrics from the task managers
     * only when asked, at most every {@code metrics.fetcher.update-interval} (10 s): the first
     * request may find none or some, so this asks again for up to {@code wait} until every suffix
     * has a metric.
     */
    Map<String, JsonNode> metrics(String job, String vertex, List<String> suffixes, Duration wait)
            throws IOException, InterruptedException {
        String path = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> names = new ArrayList<>();
        while (true) {
            names.clear();
            for (JsonNode m : get(path)) {
                String id = m.path("id").asText();
                if (suffixes.stream().anyMatch(id::endsWith)) {
                    names.add(id);
                }
            }
            boolean all = suffixes.stream().allMatch(x -> names.stream().anyMatch(n -> n.endsWith(x)));
            if (all || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return values;
        }
        JsonNode answer = get(path + "?agg=min,max,avg,sum&get="
                + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8));
        for (JsonNode m : answer) {
            values.put(m.path("id").asText(), m);
        }
        return values;
    }
}
