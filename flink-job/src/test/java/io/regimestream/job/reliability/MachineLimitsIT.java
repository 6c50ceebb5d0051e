package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-machine state stays bounded: the whole job on a Flink MiniCluster against a real Kafka broker,
 * with at most 20 machines per scoring task and machines evicted after 3 s without a reading. Random
 * machine ids beyond the limit are not scored but go to the dead-letter topic with the reason
 * {@code too_many_machines}, while the machines the task has are scored on; once they are idle
 * they are evicted (counted in {@code machinesEvicted}), which makes room for new machines.
 */
class MachineLimitsIT {

    private static final int LIMIT = 20;
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void machinesBeyondTheLimitGoToTheDeadLetterTopicAndIdleOnesAreEvicted() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "limits", 1); // one partition: one task has every machine
        JobConfig config = ScoringJobs.config(
                        KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.AT_LEAST_ONCE)
                .withScoring(s -> s.withMachineLimits(LIMIT, IDLE));
        List<String> fleet = IntStream.rangeClosed(1, LIMIT)
                .mapToObj(i -> String.format("press-%02d", i))
                .toList();
        List<String> random = IntStream.range(0, 30)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        JobClient job = ScoringJobs.start(config, "machine limits");
        try {
            send(topics, fleet); // the task's 20 machines
            send(topics, random); // 30 more: beyond the limit
            send(topics, fleet); // the 20 again: still scored
            await().atMost(WAIT)
                    .until(() -> deadLetters(topics).size() == random.size()
                            && kafka.readCommitted(topics.output()).size() == 2 * LIMIT);

            assertThat(ScoringJobs.predictionKeys(kafka, topics.output()))
                    .extracting(key -> key.substring(0, key.indexOf('|')))
                    .allMatch(fleet::contains);
            assertThat(deadLetters(topics)).allSatisfy(d -> {
                assertThat(d.reason()).isEqualTo(RejectReason.TOO_MANY_MACHINES);
                assertThat(d.detail()).contains("already holds the state of 20 machines, its --max-machines-per-task");
                assertThat(random).anyMatch(id -> d.detail().contains("machine '" + id + "'"));
                assertThat(d.sourceTopic()).isEqualTo(topics.input());
            });
            assertThat(kafka.readCommitted(topics.deadLetters()))
                    .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsOnly("too_many_machines");

            // Idle for longer than 3 s: every machine's state is evicted and counted, which makes room.
            long lastReading = System.nanoTime();
            await().atMost(WAIT).until(() -> sum(job, "machinesEvicted") == LIMIT && sum(job, "machinesTracked") == 0);
            long evictedAfterMs = (System.nanoTime() - lastReading) / 1_000_000;
            send(topics, random); // 20 of them fit now, 10 do not
            await().atMost(WAIT)
                    .until(() -> kafka.readCommitted(topics.output()).size() == 3 * LIMIT
                            && deadLetters(topics).size() == random.size() + 10);
            assertThat(ScoringJobs.predictionKeys(kafka, topics.output()).subList(2 * LIMIT, 3 * LIMIT))
                    .extracting(key -> key.substring(0, key.indexOf('|')))
                    .allMatch(random::contains);
            ReliabilityReport.of("machine-limits")
                    .put("limit", LIMIT)
                    .put("idleTimeoutMs", IDLE.toMillis())
                    .put("readingsIn", 2 * LIMIT + 2 * random.size())
                    .put("predictionsOut", 3 * LIMIT)
                    .put("deadLettersTooManyMachines", deadLetters(topics).size())
                    .put("machinesEvicted", LIMIT)
                    .put("evictedSeenAfterMs", evictedAfterMs)
                    .write();
        } finally {
            ScoringJobs.cancel(FLINK, job.getJobID());
        }
    }

    private void send(Topics topics, List<String> machines) {
        long now = System.currentTimeMillis();
        kafka.send(
                topics.input(),
                machines.stream()
                        .map(m -> new ProducerRecord<>(
                                topics.input(),
                                m.getBytes(StandardCharsets.UTF_8),
                                ReadingCodec.toJson(new Reading(m, now, 57.0))))
                        .toList());
    }

    private List<DeadLetter> deadLetters(Topics topics) {
        return kafka.readCommitted(topics.deadLetters()).stream()
                .map(r -> DeadLetterCodec.fromJson(r.value()))
                .toList();
    }

    /** A scoring-operator metric summed over the tasks (0 until the metric store has it). */
    private static long sum(JobClient job, String metric) throws Exception {
        return ScoringJobs.operatorMetric(FLINK, job.getJobID(), metric).values().stream()
                .mapToLong(Long::parseLong)
                .sum();
    }
}
