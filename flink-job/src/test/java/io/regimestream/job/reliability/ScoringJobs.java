package io.regimestream.job.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.TopicSetup;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBroker;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/** Starting the real scoring job for reliability tests, and reading what it wrote. */
final class ScoringJobs {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ScoringJobs() {}

    /** The job's three topics, named after the scenario. */
    record Topics(String input, String output, String deadLetters) {
        static Topics create(KafkaBroker broker, String scenario, int partitions) {
            Topics t = new Topics("readings-" + scenario, "regimes-" + scenario, "dlq-" + scenario);
            broker.createTopic(t.input, partitions);
            broker.createTopic(t.output, partitions);
            broker.createTopic(t.deadLetters, 1);
            return t;
        }
    }

    /**
     * The job's configuration for {@code broker} (with its security settings), creating its missing
     * topics; {@link #start} runs it with checkpoints every 500 ms ({@link TestFlink}).
     */
    static JobConfig config(KafkaBroker broker, Topics topics, Path model, DeliveryMode delivery) {
        return config(broker.clientProperties(), topics, model, delivery);
    }

    /** The same for a broker given by its client settings (e.g. one in its own process). */
    static JobConfig config(Map<?, ?> clientProperties, Topics topics, Path model, DeliveryMode delivery) {
        Properties kafka = new Properties();
        kafka.putAll(clientProperties);
        return JobConfig.defaults()
                .withKafka(k -> k.withClientProperties(kafka))
                .withTopics(t -> t.withReadings(topics.input())
                        .withPredictions(topics.output())
                        .withDeadLetters(topics.deadLetters()))
                .withKafka(k -> k.withGroupId("rel-" + topics.input()).withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(model.toString()))
                .withKafka(k -> k.withDelivery(delivery).withTransactionalIdPrefix("rel-" + topics.input()))
                .withInflux(null)
                .withTopicCreation(new TopicCreation(true, 4, 0)) // as bin/job --create-topics on a fresh broker
                .withValidation(ValidationRules.defaults()
                        .withEventTimeSkew(EventTimeSkew.UNLIMITED)); // ReadingFeed is of 2025
    }

    /** Builds the pipeline and submits it without waiting (an unbounded job runs until cancelled). */
    static JobClient start(JobConfig config, String name) throws Exception {
        return start(config, name, new Configuration());
    }

    /** Same, with extra job settings, e.g. a savepoint to restore. Like {@code bin/job}, makes sure the topics exist first. */
    static JobClient start(JobConfig config, String name, Configuration settings) throws Exception {
        TopicSetup.ensureTopics(config);
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(settings), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        return env.executeAsync(name);
    }

    /** The job's {@code numRestarts} metric, read from the MiniCluster's REST API like the web UI does. */
    static long restarts(MiniClusterExtension flink, JobID job) throws Exception {
        return restarts(restAddress(flink), job);
    }

    static long restarts(URI rest, JobID job) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/jobs/" + job + "/metrics?get=numRestarts"))
                .GET()
                .build();
        // The web UI's metric store fills on demand: the first answers may be empty.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode metrics = Json.mapper()
                    .readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString())
                            .body());
            for (JsonNode metric : metrics) {
                if ("numRestarts".equals(metric.path("id").asText())) {
                    return metric.path("value").asLong();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no numRestarts metric for job " + job + " within 30 s: " + metrics);
            }
            Thread.sleep(500);
        }
    }

    /**
     * The scoring operator's metric {@code name} per subtask ({@code 0.Score_regime....modelTopicAvailable}
     * -> value), read from the REST API like the web UI does; empty until the metric store has it.
     */
    static Map<String, String> operatorMetric(MiniClusterExtension flink, JobID job, String name) throws Exception {
        URI rest = restAddress(flink);
        String vertex =
                get(rest, "/jobs/" + job).path("vertices").get(0).path("id").asText();
        String base = "/jobs/" + job + "/vertices/" + vertex + "/metrics";
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode metric : get(rest, base)) {
            String id = metric.path("id").asText();
            if (id.endsWith("." + name)) {
                ids.add(id);
            }
        }
        Map<String, String> values = new java.util.TreeMap<>();
        if (!ids.isEmpty()) {
            for (JsonNode metric : get(rest, base + "?get=" + String.join(",", ids))) {
                values.put(metric.path("id").asText(), metric.path("value").asText());
            }
        }
        return values;
    }

    /** Checkpoint counts of the job ({@code completed}, {@code failed}, ...), as the web UI's Checkpoints tab shows them. */
    static JsonNode checkpointCounts(MiniClusterExtension flink, JobID job) throws Exception {
        return get(restAddress(flink), "/jobs/" + job + "/checkpoints").path("counts");
    }

    /** The size of the job's latest completed checkpoint in bytes, as the web UI's Checkpoints tab shows it. */
    static long latestCheckpointSize(MiniClusterExtension flink, JobID job) throws Exception {
        return get(restAddress(flink), "/jobs/" + job + "/checkpoints")
                .path("latest")
                .path("completed")
                .path("checkpointed_size")
                .asLong();
    }

    /** Why the job's latest failed checkpoint failed, or "none". */
    static String latestCheckpointFailure(MiniClusterExtension flink, JobID job) throws Exception {
        JsonNode failed = get(restAddress(flink), "/jobs/" + job + "/checkpoints")
                .path("latest")
                .path("failed");
        return failed.isMissingNode() || failed.isNull()
                ? "none"
                : failed.path("failure_message").asText();
    }

    /** The id of the job running on the MiniCluster, or null. */
    static JobID runningJob(MiniClusterExtension flink) throws Exception {
        for (JsonNode job : get(restAddress(flink), "/jobs/overview").path("jobs")) {
            if ("RUNNING".equals(job.path("state").asText())) {
                return JobID.fromHexString(job.path("jid").asText());
            }
        }
        return null;
    }

    /** Cancels {@code job} through the REST API, as the web UI's Cancel Job does. */
    static void cancel(MiniClusterExtension flink, JobID job) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(restAddress(flink).resolve("/jobs/" + job + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build();
        HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The job's name, as the web UI lists it. */
    static String jobName(MiniClusterExtension flink, JobID job) throws Exception {
        return get(restAddress(flink), "/jobs/" + job).path("name").asText();
    }

    private static JsonNode get(URI rest, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve(path)).GET().build();
        return Json.mapper()
                .readTree(
                        HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The MiniCluster's REST API (what the web UI reads). */
    static URI restAddress(MiniClusterExtension flink) {
        Configuration client = flink.getClientConfiguration();
        return URI.create("http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT));
    }

    /**
     * Sends {@code count} readings of 3 machines stamped with the current time and waits until a
     * read_committed consumer sees as many predictions.
     */
    static void sendCurrentReadingsAndAwaitPredictions(KafkaTopics kafka, Topics topics, int count) {
        List<ProducerRecord<byte[], byte[]>> readings = IntStream.range(0, count)
                .mapToObj(i -> new Reading("press-" + i % 3, System.currentTimeMillis() + i, 40.0 + i % 30))
                .map(r -> new ProducerRecord<>(
                        topics.input(), r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)))
                .toList();
        kafka.send(topics.input(), readings);
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> predictionKeys(kafka, topics.output()).size() == count);
    }

    /** {@code machine|timestamp} of each prediction a read_committed consumer sees now. */
    static List<String> predictionKeys(KafkaTopics kafka, String topic) {
        return kafka.readCommitted(topic).stream()
                .map(r -> key(PredictionCodec.fromJson(r.value())))
                .toList();
    }

    /**
     * {@code machine|timestamp} of every prediction point in {@code database} (InfluxDB answers in
     * ms); none while the database does not exist yet.
     */
    static List<String> pointKeys(InfluxDbServer influx, String database) {
        try {
            return influx.rows(database, "SELECT \"machine\", \"temperature\" FROM machine_regime").stream()
                    .map(row -> row.get(1).asText() + "|" + row.get(0).asLong())
                    .toList();
        } catch (IllegalStateException | UncheckedIOException e) {
            return List.of();
        }
    }

    /**
     * The model versions a status topic says scoring tasks activated, in order (the other statuses,
     * such as each task's warning at start that unsigned models are accepted, left out).
     */
    static List<String> activations(KafkaTopics kafka, String statusTopic) {
        return kafka.readCommitted(statusTopic).stream()
                .map(r -> ModelStatusCodec.fromJson(r.value()))
                .filter(status -> status.outcome() == ModelStatus.Outcome.ACTIVATED)
                .map(ModelStatus::version)
                .toList();
    }

    static String key(Prediction p) {
        return p.machineId() + "|" + p.timestamp();
    }
}
