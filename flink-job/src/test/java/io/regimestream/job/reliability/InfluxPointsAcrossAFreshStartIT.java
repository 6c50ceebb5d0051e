package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's InfluxDB writer commits, as its consumer group's offsets, how far InfluxDB has the
 * points, not how far it read: so a job started afresh (no checkpoint, no savepoint: {@code bin/job}
 * started again, {@code flink run} without {@code -s}) writes the points the cancelled one had read
 * and never written. Real broker, real influxd (down while the first job runs), Flink MiniCluster.
 */
class InfluxPointsAcrossAFreshStartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void aFreshStartWritesThePointsTheCancelledJobHadReadButNotWritten() throws Exception {
        String database = "regimes_fresh_start";
        Topics topics = Topics.create(KAFKA.broker(), "influx-fresh-start", 2);
        KafkaTopics kafka = new KafkaTopics(KAFKA.broker());
        // Both runs resume at their groups' committed offsets, as a job started again without state does.
        JobConfig config = ScoringJobs.config(
                        KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.AT_LEAST_ONCE)
                .withKafka(k -> k.withStartingOffsets(StartingOffsets.COMMITTED))
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));
        String pointsTopic = config.influx().pointsTopic();
        String writerGroup = config.kafka().groupId() + InfluxSinks.WRITER_GROUP_SUFFIX;

        INFLUX.server().stop();
        JobClient first = ScoringJobs.start(config, "fresh start, first");
        List<String> predictions;
        try {
            ScoringJobs.sendCurrentReadingsAndAwaitPredictions(kafka, topics, 200);
            predictions = ScoringJobs.predictionKeys(kafka, topics.output());
            try (Admin admin = KAFKA.broker().admin()) {
                // Checkpoints completed after the scoring: the readings' offsets are committed, the points read.
                await("the scoring's offsets committed past every reading")
                        .atMost(Duration.ofMinutes(1))
                        .until(() ->
                                GroupOffsets.committed(admin, config.kafka().groupId(), topics.input())
                                        == GroupOffsets.end(admin, topics.input()));
                long points = GroupOffsets.end(admin, pointsTopic);
                assertThat(points).as("points in their topic").isGreaterThanOrEqualTo(200);
                // Checkpoints go on completing: the group's offset is what InfluxDB confirmed, none of them
                // (Kafka's reader would commit its read position, the end of the topic).
                await("the writer's group offset while InfluxDB has none of the " + points + " points")
                        .during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> GroupOffsets.committed(admin, writerGroup, pointsTopic) == 0);
            }
        } finally {
            first.cancel().get(1, TimeUnit.MINUTES);
        }

        INFLUX.server().start();
        JobClient second = ScoringJobs.start(config, "fresh start, second");
        try {
            await("every point in InfluxDB")
                    .atMost(Duration.ofMinutes(2))
                    .ignoreExceptions() // until the writer created the database
                    .until(() -> points(database).size() >= predictions.size());
            Delivery delivered = Delivery.compare(predictions, points(database));
            assertThat(delivered.exactlyOnce()).as("%s", delivered).isTrue();
            assertThat(ScoringJobs.predictionKeys(kafka, topics.output()))
                    .as("the second job scored nothing again: the points came from the topic")
                    .hasSameSizeAs(predictions);
        } finally {
            second.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    private static List<String> points(String database) {
        return INFLUX.server().rows(database, "SELECT \"machine\", \"temperature\" FROM machine_regime").stream()
                .map(row -> row.get(1).asText() + "|" + row.get(0).asLong())
                .toList();
    }
}
