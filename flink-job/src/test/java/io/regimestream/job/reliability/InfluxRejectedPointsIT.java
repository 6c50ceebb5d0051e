package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * InfluxDB refuses points for good (a field type conflict with a point written before, readings
 * older than the database's 1-hour retention policy): the job neither fails nor restarts, the
 * refused points go to the dead-letter topic as {@code influxdb_rejected} with InfluxDB's message,
 * and every other point of their batches is written. Real Kafka, real influxd, Flink MiniCluster.
 */
class InfluxRejectedPointsIT {

    private static final String DATABASE = "regimes_rejects";
    private static final Duration THREE_DAYS = Duration.ofDays(3);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void pointsInfluxDbRefusesBecomeDeadLettersAndTheRestIsWritten() throws Exception {
        InfluxDbServer influxd = INFLUX.server();
        influxd.createDatabase(DATABASE);
        influxd.query(
                DATABASE, "CREATE RETENTION POLICY one_hour ON " + DATABASE + " DURATION 1h REPLICATION 1 DEFAULT");
        // Dead letters of the job are points of measurement dead_letter with an integer field "bytes";
        // a string "bytes" written before, in the same shard (same hour), makes InfluxDB refuse them all.
        long now = System.currentTimeMillis();
        long hour = now - Math.floorMod(now, Duration.ofHours(1).toMillis());
        long badRecordTime = hour + 1_000;
        influxd.write(DATABASE, "dead_letter,reason=not_json bytes=\"conflict\" " + (hour + 500)); // ms

        Topics topics = Topics.create(KAFKA.broker(), "influx-rejects", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int recent = 200;
        int old = 40;
        int notJson = 10;
        for (int i = 0; i < recent + old; i++) {
            long time = i < recent ? now + i : now - THREE_DAYS.toMillis() + i;
            Reading reading = new Reading("press-" + i % 4, time, 40.0 + i % 30);
            records.add(new ProducerRecord<>(
                    topics.input(),
                    reading.machineId().getBytes(StandardCharsets.UTF_8),
                    ReadingCodec.toJson(reading)));
            if (i % ((recent + old) / notJson) == 0) { // dead-letter points at badRecordTime, the Kafka record's time
                records.add(new ProducerRecord<>(
                        topics.input(), null, badRecordTime, null, ("not json " + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        kafka.send(topics.input(), records);

        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), DATABASE, null, null));
        JobClient job = ScoringJobs.start(config, "influx-rejects");
        try {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        assertThat(ScoringJobs.predictionKeys(kafka, topics.output()))
                                .hasSize(recent + old);
                        assertThat(deadLetters(topics)).hasSize(notJson + old + notJson);
                    });
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> points(influxd, "machine_regime", "temperature") == recent);

            Map<RejectReason, List<DeadLetter>> byReason =
                    deadLetters(topics).stream().collect(Collectors.groupingBy(DeadLetter::reason));
            assertThat(byReason.get(RejectReason.NOT_JSON)).hasSize(notJson);
            List<DeadLetter> refused = byReason.get(RejectReason.INFLUXDB_REJECTED);
            assertThat(refused).hasSize(old + notJson);
            assertThat(refused)
                    .filteredOn(d -> d.detail().contains("points beyond retention policy"))
                    .hasSize(old)
                    .allSatisfy(d -> assertThat(new String(d.payload(), StandardCharsets.UTF_8))
                            .startsWith("machine_regime,"));
            assertThat(refused)
                    .filteredOn(d -> d.detail().contains("field type conflict"))
                    .hasSize(notJson)
                    .allSatisfy(d -> assertThat(new String(d.payload(), StandardCharsets.UTF_8))
                            .startsWith("dead_letter,"));
            assertThat(points(influxd, "dead_letter", "count"))
                    .as("only the point written before")
                    .isZero();
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                    .as("restarts")
                    .isZero();
        } finally {
            job.cancel().get();
        }
    }

    private List<DeadLetter> deadLetters(Topics topics) {
        return kafka.readCommitted(topics.deadLetters()).stream()
                .map(r -> DeadLetterCodec.fromJson(r.value()))
                .toList();
    }

    private static long points(InfluxDbServer influxd, String measurement, String field) {
        try {
            return influxd.count(DATABASE, "SELECT count(\"" + field + "\") FROM " + measurement);
        } catch (RuntimeException noneYet) {
            return 0;
        }
    }
}
