package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The calls of Flink's REST API that the web UI makes and our tests need: cluster overview, jar
 * upload and run (the web UI's "Submit New Job" page), job status, stop with a savepoint.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String url) {
        this.url = url;
    }

    /** An HTTP status and the JSON body Flink answered with. */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** Flink's {@code errors} array joined into one text (empty when there is none). */
        public String errors() {
            StringBuilder text = new StringBuilder();
            body.path("errors").forEach(e -> text.append(e.asText()).append('\n'));
            return text.toString();
        }
    }

    public String url() {
        return url;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    /** GET /overview: task managers, slots, jobs running. */
    public JsonNode overview() {
        Answer answer = get("/overview");
        if (!answer.ok()) {
            throw new IllegalStateException("GET /overview answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** POST /jars/upload (multipart, field {@code jarfile}) and returns the jar id for {@link #runJar}. */
    public String uploadJar(Path jar) {
        String boundary = "----regime-stream-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                            + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        Answer answer = send(HttpRequest.newBuilder(URI.create(url + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        if (!answer.ok()) {
            throw new IllegalStateException("jar upload answered " + answer.status() + ": " + answer.body());
        }
        return Path.of(answer.body().path("filename").asText()).getFileName().toString();
    }

    /**
     * POST /jars/{id}/run with {@code programArgsList}, as the web UI submits a job: the job's
     * {@code main} runs inside the JobManager. Returns Flink's answer (jobid, or errors).
     */
    public Answer runJar(String jarId, List<String> programArgs, Integer parallelism, String savepointPath) {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("programArgsList")
                .addAll(programArgs.stream()
                        .map(JSON.getNodeFactory()::textNode)
                        .toList());
        if (parallelism != null) {
            request.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
        }
        return post("/jars/" + jarId + "/run", request);
    }

    /** The job's state (RUNNING, FINISHED, ...) from GET /jobs/{id}. */
    public String jobState(String jobId) {
        return get("/jobs/" + jobId).body().path("state").asText();
    }

    /** Cancels the job (PATCH /jobs/{id}?mode=cancel), as the web UI's "Cancel Job" does. */
    public void cancel(String jobId) {
        Answer answer = send(HttpRequest.newBuilder(URI.create(url + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        if (!answer.ok()) {
            throw new IllegalStateException(
                    "cancelling " + jobId + " answered " + answer.status() + ": " + answer.body());
        }
    }

    /** The ids of the jobs in state RUNNING. */
    public List<String> runningJobIds() {
        return java.util.stream.StreamSupport.stream(
                        get("/jobs").body().path("jobs").spliterator(), false)
                .filter(j -> "RUNNING".equals(j.path("status").asText()))
                .map(j -> j.path("id").asText())
                .toList();
    }

    /**
     * Stops the job with a savepoint into {@code targetDirectory} (POST /jobs/{id}/stop) and
     * returns the savepoint's path once it completed.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
        ObjectNode request =
                JSON.createObjectNode().put("targetDirectory", targetDirectory).put("drain", false);
        Answer trigger = post("/jobs/" + jobId + "/stop", request);
        if (!trigger.ok()) {
            throw new IllegalStateException("stop-with-savepoint answered " + trigger.status() + ": " + trigger.body());
        }
        String triggerId = trigger.body().path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId).body();
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint failed: " + operation.path("failure-cause"));
                }
                return operation.path("location").asText();
            }
            sleep(500);
        }
        throw new IllegalStateException("stop-with-savepoint of " + jobId + " did not complete within " + timeout);
    }

    private Answer post(String path, JsonNode body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Flink REST at " + url + " did not answer ("
                            + (e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()) + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
