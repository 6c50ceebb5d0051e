package io.regimestream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How big the job's checkpoint is for so many machines: the job (unbounded, at-least-once,
 * checkpoint every second) reads the loaded readings; once every prediction is out, the first
 * checkpoint triggered after that holds every machine's regime track. Its size comes from the
 * MiniCluster's REST API ({@code /jobs/<id>/checkpoints}, {@code latest.completed.state_size}).
 */
final class CheckpointSize {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSize.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofMinutes(15);

    private final KafkaBrokerProcess broker;
    private final Path model;
    private final int partitions;
    private final int parallelism;

    CheckpointSize(KafkaBrokerProcess broker, Path model, int partitions, int parallelism) {
        this.broker = broker;
        this.model = model;
        this.partitions = partitions;
        this.parallelism = parallelism;
    }

    Map<String, Object> measure(String input, int machines, long expectedPredictions) throws Exception {
        String run = "checkpoint-m" + machines;
        for (String topic : Topics.ofRun(run)) {
            broker.createTopic(topic, partitions, Map.of());
        }
        JobConfig job = FlinkRuns.config(
                broker.bootstrapServers(),
                run,
                input,
                model,
                DeliveryMode.AT_LEAST_ONCE,
                null,
                new Properties(),
                JobConfig.defaults().output()); // output format: no part of the state
        double loadBefore = MachineInfo.loadAverage();
        int port = FreePorts.find();
        Configuration rest = new Configuration();
        rest.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        rest.set(RestOptions.ADDRESS, "127.0.0.1");
        rest.set(RestOptions.BIND_PORT, String.valueOf(port));
        rest.set(RestOptions.PORT, port);
        // Object reuse as recommended (it changes no state).
        StreamExecutionEnvironment env = FlinkRuns.environment(parallelism, true, INTERVAL, rest);
        RegimeScoringPipeline.build(env, job, KafkaPipelineIo.of(job));
        JobClient client = env.executeAsync("bench " + run);
        try {
            long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
            while (endOffsets(job.topics().predictions()) < expectedPredictions) {
                requireBefore(deadline, "the job did not write " + expectedPredictions + " predictions");
                Thread.sleep(500);
            }
            long allOut = System.currentTimeMillis();
            URI uri = URI.create("http://127.0.0.1:" + port + "/jobs/" + client.getJobID() + "/checkpoints");
            HttpClient http = HttpClient.newHttpClient();
            while (true) {
                requireBefore(deadline, "no checkpoint completed after all predictions were out");
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode completed =
                        Json.mapper().readTree(response.body()).path("latest").path("completed");
                if (completed.isObject() && completed.path("trigger_timestamp").asLong() > allOut) {
                    long stateSize = completed.path("state_size").asLong();
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("machines", machines);
                    result.put("parallelism", parallelism);
                    result.put("checkpointId", completed.path("id").asLong());
                    result.put("stateSizeBytes", stateSize);
                    result.put(
                            "checkpointedSizeBytes",
                            completed.path("checkpointed_size").asLong());
                    result.put("bytesPer1000Machines", stateSize * 1000.0 / machines);
                    result.put("loadBefore", loadBefore);
                    result.put("loadAfter", MachineInfo.loadAverage());
                    result.put(
                            "source",
                            "MiniCluster REST " + uri.getPath() + " latest.completed (at-least-once, checkpoint every "
                                    + INTERVAL.toMillis() + " ms)");
                    LOG.info(
                            "checkpoint with {} machines: {} bytes ({} bytes per 1,000 machines)",
                            machines,
                            stateSize,
                            String.format("%.0f", stateSize * 1000.0 / machines));
                    return result;
                }
                Thread.sleep(500);
            }
        } finally {
            client.cancel().get(60, TimeUnit.SECONDS);
            broker.deleteTopics(Topics.ofRun(run));
        }
    }

    /** The size difference between two machine counts, per 1,000 machines: the per-machine state without the fixed part. */
    static double marginalBytesPer1000Machines(Map<String, Object> fewer, Map<String, Object> more) {
        long machines = ((Number) more.get("machines")).longValue() - ((Number) fewer.get("machines")).longValue();
        long bytes =
                ((Number) more.get("stateSizeBytes")).longValue() - ((Number) fewer.get("stateSizeBytes")).longValue();
        return machines == 0 ? Double.NaN : bytes * 1000.0 / machines;
    }

    private long endOffsets(String topic) {
        List<TopicPartition> all = RawLoop.partitions(broker.bootstrapServers(), topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                BenchKafka.consumerProperties(broker.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(all).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static void requireBefore(long deadline, String what) {
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException(what + " within " + PATIENCE.toMinutes() + " minutes");
        }
    }
}
