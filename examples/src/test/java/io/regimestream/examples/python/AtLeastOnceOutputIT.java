package io.regimestream.examples.python;

import static io.regimestream.examples.python.DebianClients.command;
import static io.regimestream.examples.python.DebianClients.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.examples.python.DebianClients.Finished;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job with {@code --delivery at-least-once} on a Flink MiniCluster against a real Kafka broker,
 * fed by {@code produce_readings.py}: without transactions its predictions topic holds no markers
 * and nothing aborted, so kafka-python 2.0.2 (Debian's python3-kafka) reads predictions only.
 */
class AtLeastOnceOutputIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int READINGS = 300;

    @Test
    void kafkaPythonReadsEveryPredictionAndNothingElse() throws Exception {
        DebianClients.requireClients();
        KafkaTopics kafka = new KafkaTopics(KAFKA.broker());
        List<ConsumerRecord<byte[], byte[]>> predictions;
        try (JobOnMiniCluster job = JobOnMiniCluster.start()) {
            job.run(
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--model",
                    JobOnMiniCluster.MODEL.toString(),
                    "--no-influxdb",
                    "--delivery",
                    "at-least-once",
                    "--create-topics",
                    "--partitions",
                    "2",
                    "--drift-window",
                    "0");
            Finished produced = DebianClients.run(
                    Duration.ofMinutes(2),
                    producer(
                            KAFKA.bootstrapServers(),
                            "--count",
                            String.valueOf(READINGS),
                            "--rate",
                            "0",
                            "--machines",
                            "3"));
            assertThat(produced.exitCode()).as("%s", produced).isZero();
            await("a prediction of every reading (job: " + job.ending() + ")")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.read("machine-regimes", IsolationLevel.READ_UNCOMMITTED)
                                    .size()
                            >= READINGS);
            predictions = kafka.read("machine-regimes", IsolationLevel.READ_UNCOMMITTED);
        }
        assertThat(kafka.readCommitted("machine-regimes"))
                .as("no transactions: read_committed and read_uncommitted read the same")
                .hasSameSizeAs(predictions);
        assertThat(Outputs.predictionKeys(predictions))
                .containsExactlyInAnyOrderElementsOf(Outputs.readingKeys(kafka.readCommitted("machine-temperature")));

        Finished probe = DebianClients.run(
                Duration.ofMinutes(2),
                command(
                        DebianClients.TEST_SCRIPTS.resolve("kafka_python_probe.py"),
                        KAFKA.bootstrapServers(),
                        "machine-regimes"));
        assertThat(probe.exitCode()).as("%s", probe).isZero();
        JsonNode kafkaPython = Json.mapper().readTree(probe.stdout());
        assertThat(kafkaPython.path("kafkaPython").asText()).startsWith("2.0.");
        List<String> read = new ArrayList<>();
        for (JsonNode r : kafkaPython.path("records")) {
            assertThat(r.path("jsonError").isNull())
                    .as("kafka-python's record %s", r)
                    .isTrue();
            read.add(Outputs.key(PredictionCodec.fromJson(
                    HexFormat.of().parseHex(r.path("value").asText()))));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(Outputs.predictionKeys(predictions));
    }
}
