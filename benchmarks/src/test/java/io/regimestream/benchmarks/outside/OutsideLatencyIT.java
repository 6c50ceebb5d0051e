package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outside latency measurement on real processes, briefly: a Kafka broker in its own JVM, the
 * job as bin/job starts it (its own JVM, Flink MiniCluster), the project's producer as the loader in
 * a third, at 300 readings/s for 3 + 4 s. Every reading sent in the window comes back as a
 * prediction, paired with its stamps, and the job's threads, JVM stops and Kafka metrics are read
 * from outside.
 */
class OutsideLatencyIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void measuresTheJobFromOutside(@TempDir Path work) throws Exception {
        assertThat(ROOT.resolve("flink-job/target/flink-job.jar"))
                .as("bin/job's jar: build flink-job first (./mvnw -pl benchmarks -am verify builds it)")
                .exists();
        Path brokerLog = work.resolve("broker-jvm.log");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(work, "512m", List.of(JvmLog.options(brokerLog)))
                        .start();
                ThreadSampler sampler = new ThreadSampler()) {
            sampler.watch("broker", broker.pid());
            broker.createTopic(RunTopics.MODELS, 1, Map.of());
            Context context = new Context(
                    ROOT,
                    work,
                    ROOT.resolve("model-artifacts/model.pmml"),
                    broker,
                    2,
                    sampler,
                    JavaThreadNames.of(broker.pid()),
                    brokerLog,
                    List.of());
            OutsideLatency latency = new OutsideLatency(
                    context,
                    new OutsideLatency.Load(
                            300, 10, Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofMillis(5)));

            LatencyResult result =
                    latency.run(new JobSpec(DeliveryMode.AT_LEAST_ONCE, PredictionFormat.FULL, true, 1, null), 0, "");

            assertThat(result.sent()).isBetween(600L, 1_800L); // ~1,200 at 300/s for 4 s
            assertThat(result.latency().count()).isEqualTo(result.sent()); // each reading's prediction, once
            assertThat(result.clock()).isEqualTo(LatencySample.Clock.OUTPUT_APPEND);
            assertThat(result.latency().p50())
                    .isPositive()
                    .isLessThanOrEqualTo(result.latency().p99());
            assertThat(result.latency().p99())
                    .isLessThanOrEqualTo(result.latency().p999());
            assertThat(result.toReader().p50())
                    .isGreaterThanOrEqualTo(result.toOutputAppend().p50());
            assertThat(result.tail().allStages())
                    .containsKeys(
                            "loaderToInputAppend", "inputAppendToScored", "scoredToOutputAppend", "outputAppendToRead");
            assertThat(result.tail().overlaps()).containsKeys("jobStop", "brokerStop", "loaderStop", "checkpoint");
            assertThat(result.threads().kinds().get(ThreadKind.TASK).threads()).isEqualTo(1);
            assertThat(result.threads().kinds())
                    .containsKeys(
                            ThreadKind.SOURCE_FETCHER,
                            ThreadKind.PRODUCER_IO,
                            ThreadKind.MODEL_FOLLOWER,
                            ThreadKind.GC);
            assertThat(result.threads().cpuSecondsPerMillion()).isPositive();
            assertThat(result.brokerThreads().kinds())
                    .containsKeys(ThreadKind.BROKER_REQUEST_HANDLER, ThreadKind.BROKER_NETWORK);
            assertThat(result.kafkaMetrics().keySet())
                    .anyMatch(name -> name.endsWith("KafkaProducer.record-queue-time-avg"))
                    .anyMatch(name -> name.endsWith("KafkaConsumer.fetch-latency-avg"));
            assertThat(result.checkpoints().path("counts").path("completed").asInt())
                    .isNotNegative();
            assertThat(Files.readString(work.resolve("latency-" + result.key() + "-r0-jvm.log")))
                    .as("the job's JVM log")
                    .contains("Safepoint");
        }
    }
}
