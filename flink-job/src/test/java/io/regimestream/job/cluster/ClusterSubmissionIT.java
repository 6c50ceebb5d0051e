package io.regimestream.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.JobJar;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.FlinkRest;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar ({@code target/flink-job.jar}) on a real Flink standalone cluster (a
 * JobManager and two TaskManagers, each its own JVM, with Flink's own child-first class loading
 * and no Kafka connector in lib/), submitted as users do: {@code flink run -d} and the web UI's
 * jar upload and run. Against a real Kafka broker and a real influxd. The cluster is configured as
 * the project recommends ({@code flink-job/conf/config.yaml} in its {@code conf/config.yaml}) and
 * as platform teams run theirs, with {@code execution.program-config.enabled: false}: it refuses a
 * job that changes any of Flink's settings in code, so every submission here shows the job does
 * not, and {@code flink run -D} settings are the ones the job runs with.
 */
class ClusterSubmissionIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(
            b -> TestFlink.recommended(b.taskManagers(2).slotsPerTaskManager(2))
                    .config("execution.checkpointing.interval", "2 s")
                    .config("execution.program-config.enabled", "false"));

    private static final Path JOB_JAR = JobJar.path();
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void flinkRunDetachedScoresEveryReadingOnTheCluster() throws Exception {
        Submission run = Submission.create("cli");
        Input input = run.sendInput(kafka);

        FlinkCluster.CliResult result = FLINK.cluster()
                .flinkRun(concat(List.of("-d", "-p", "2", JOB_JAR.toString()), run.jobArgs())
                        .toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher jobId = SUBMITTED.matcher(result.output());
        assertThat(jobId.find()).as(result.output()).isTrue();
        try {
            assertScored(run, input);
        } finally {
            FLINK.cluster().rest().cancel(jobId.group(1));
        }
        assertNoClassLoadingError();
    }

    @Test
    void flinkRunDashDSettingsAreTheSettingsTheJobRunsWith() throws Exception {
        Submission run = Submission.create("dash-d");

        FlinkCluster.CliResult result = FLINK.cluster()
                .flinkRun(concat(
                                List.of(
                                        "-d",
                                        "-p",
                                        "2",
                                        // As Flink writes durations: Flink 2.2 takes "7s" for a change the
                                        // job made on a cluster with program config off (it is re-written "7 s").
                                        "-Dexecution.checkpointing.interval=7 s",
                                        "-Drestart-strategy.type=fixed-delay",
                                        "-Drestart-strategy.fixed-delay.attempts=3",
                                        "-Drestart-strategy.fixed-delay.delay=4s",
                                        "-Dpipeline.object-reuse=false",
                                        JOB_JAR.toString()),
                                run.jobArgs())
                        .toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher jobId = SUBMITTED.matcher(result.output());
        assertThat(jobId.find()).as(result.output()).isTrue();
        FlinkRest rest = FLINK.cluster().rest();
        try {
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> "RUNNING".equals(rest.jobState(jobId.group(1))));
            JsonNode checkpoints =
                    rest.get("/jobs/" + jobId.group(1) + "/checkpoints/config").body();
            assertThat(checkpoints.path("interval").asLong())
                    .as("checkpoint interval (ms) in %s", checkpoints)
                    .isEqualTo(7_000);
            assertThat(checkpoints.path("mode").asText()).isEqualToIgnoringCase("exactly_once");
            assertThat(checkpoints.path("timeout").asLong())
                    .as("the recommended checkpoint timeout from the cluster's config.yaml, in %s", checkpoints)
                    .isEqualTo(Duration.ofMinutes(5).toMillis());
            JsonNode execution =
                    rest.get("/jobs/" + jobId.group(1) + "/config").body().path("execution-config");
            assertThat(execution.path("restart-strategy").asText())
                    .as("restart strategy in %s", execution)
                    .containsIgnoringCase("fixed delay")
                    .contains("3");
            assertThat(execution.path("object-reuse-mode").asBoolean())
                    .as("object reuse in %s", execution)
                    .isFalse();
            assertThat(execution.path("job-parallelism").asInt()).isEqualTo(2);
        } finally {
            rest.cancel(jobId.group(1));
        }
    }

    @Test
    void webUiSubmissionsWithABadOptionFailAloneAndAGoodOneThenRuns() throws Exception {
        FlinkRest rest = FLINK.cluster().rest();
        String jarId = rest.uploadJar(JOB_JAR);
        Submission run = Submission.create("web");
        String missingModel = "/no/such/model.pmml";

        // The job's main runs inside the JobManager here: a bad option must fail only this request.
        FlinkRest.Answer noModel = rest.runJar(jarId, run.jobArgs(missingModel), null, null);
        assertThat(noModel.ok()).isFalse();
        assertThat(noModel.errors()).contains("error: model " + missingModel + ": file not found");

        FlinkRest.Answer unknown = rest.runJar(jarId, concat(run.jobArgs(), List.of("--no-such-option")), null, null);
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.errors()).contains("error: Unknown option: '--no-such-option'");

        assertThat(FLINK.cluster().isJobManagerAlive()).isTrue();
        assertThat(rest.overview().path("taskmanagers").asInt()).isEqualTo(2);

        Input input = run.sendInput(kafka);
        FlinkRest.Answer good = rest.runJar(jarId, run.jobArgs(), 2, null);
        assertThat(good.ok()).as(good.body().toString()).isTrue();
        try {
            assertScored(run, input);
        } finally {
            rest.cancel(good.body().path("jobid").asText());
        }
        assertNoClassLoadingError();
    }

    @Test
    void flinkRunWithABadOptionExitsNonZeroWithOneClearLine() {
        FlinkCluster.CliResult result = FLINK.cluster()
                .flinkRun(
                        JOB_JAR.toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--model",
                        "/no/such/model.pmml",
                        "--allow-unsigned-models");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("error: model /no/such/model.pmml: file not found")
                .doesNotContain("\tat ");
        assertThat(FLINK.cluster().isJobManagerAlive()).isTrue();
    }

    // ---------------------------------------------------------------- one submission's topics and checks

    /** Topics, consumer group, transactional ids and InfluxDB database of one submission. */
    private record Submission(String name) {

        static Submission create(String name) {
            Submission s = new Submission(name);
            for (String topic : List.of(s.topic("readings"), s.topic("regimes"))) {
                KAFKA.broker().createTopic(topic, 2);
            }
            for (String topic : List.of(
                    s.topic("dlq"),
                    s.topic("models"),
                    s.topic("model-status"),
                    s.topic("changes"),
                    s.topic("drift"),
                    PipelineDefaults.influxPointsTopic(s.database()))) {
                KAFKA.broker().createTopic(topic, 1);
            }
            return s;
        }

        String topic(String kind) {
            return kind + "-" + name;
        }

        String database() {
            return "regimes_" + name;
        }

        List<String> jobArgs() {
            return jobArgs(TestModels.committed().toString());
        }

        List<String> jobArgs(String model) {
            return List.of(
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--input-topic",
                    topic("readings"),
                    "--output-topic",
                    topic("regimes"),
                    "--dlq-topic",
                    topic("dlq"),
                    "--model-topic",
                    topic("models"),
                    "--model-status-topic",
                    topic("model-status"),
                    "--regime-changes-topic",
                    topic("changes"),
                    "--drift-topic",
                    topic("drift"),
                    "--group-id",
                    "cluster-it-" + name,
                    "--transactional-id-prefix",
                    "cluster-it-" + name,
                    "--starting-offsets",
                    "earliest",
                    "--max-event-time-skew",
                    "none", // readings of 2025
                    "--model",
                    model,
                    "--allow-unsigned-models",
                    "--influxdb-url",
                    INFLUX.url(),
                    "--influxdb-database",
                    database());
        }

        Input sendInput(KafkaTopics kafka) {
            RegimeSimulator simulator = RegimeSimulator.builder()
                    .machines(3)
                    .seed(name.hashCode())
                    .startMillis(1_764_213_600_000L)
                    .intervalMillis(1000)
                    .build();
            List<Reading> readings = new ArrayList<>();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Reading r = simulator.next().reading();
                readings.add(r);
                records.add(new ProducerRecord<>(topic("readings"), bytes(r.machineId()), ReadingCodec.toJson(r)));
            }
            records.add(new ProducerRecord<>(topic("readings"), null, bytes("not json")));
            records.add(new ProducerRecord<>(topic("readings"), null, bytes("{\"temperature\":480.5}")));
            kafka.send(topic("readings"), records);
            return new Input(readings, List.of(RejectReason.NOT_JSON, RejectReason.OUT_OF_RANGE));
        }
    }

    private record Input(List<Reading> readings, List<RejectReason> rejects) {}

    private void assertScored(Submission run, Input input) throws Exception {
        ExpectedRegimes regimes = new ExpectedRegimes(TestModels.committed());
        List<String> expected = input.readings().stream()
                .map(r -> r.machineId() + "|" + r.timestamp() + "|" + regimes.regimeOf(r.temperature()))
                .toList();
        // read_committed: each reading exactly once, once the checkpoint committed the transaction.
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(kafka.readCommitted(run.topic("regimes")))
                        .extracting(r -> describe(PredictionCodec.fromJson(r.value())))
                        .containsExactlyInAnyOrderElementsOf(expected));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(kafka.readCommitted(run.topic("dlq")))
                        .extracting(r -> DeadLetterCodec.fromJson(r.value()).reason())
                        .containsExactlyInAnyOrderElementsOf(input.rejects()));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(INFLUX.server()
                                .count(run.database(), "SELECT count(\"temperature\") FROM machine_regime"))
                        .isEqualTo(input.readings().size()));
    }

    private static void assertNoClassLoadingError() {
        assertThat(FLINK.cluster().classLoadingErrors())
                .as("class-loading errors in the JobManager/TaskManager logs ("
                        + FLINK.cluster().logDir() + ")")
                .isEmpty();
    }

    private static String describe(Prediction p) {
        return p.machineId() + "|" + p.timestamp() + "|" + p.regime();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
