package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job against a broker that requires SASL/PLAIN and an influxd that requires a login: it works
 * end to end with the login passed through the job's Kafka properties and InfluxDB settings, and
 * neither password shows up in the logs (every logger at INFO), the REST API the web UI reads
 * (job configuration, plan, exceptions, cluster configuration) or the exceptions of a failed login.
 */
class SecureSetupIT {

    private static final String KAFKA_PASSWORD = "kafka-Pw-5e5ame-0931";
    private static final String INFLUX_PASSWORD = "influx-Pw-0pen-7712";
    private static final String WRONG_INFLUX_PASSWORD = "wrong-Influx-Pw-4040";
    /** What the InfluxDB sink sends in its Authorization header: "Basic " + this. */
    private static final String INFLUX_BASIC_TOKEN = base64("grafana:" + INFLUX_PASSWORD);
    /** The SASL/PLAIN client message, should a client log it encoded. */
    private static final String KAFKA_PLAIN_TOKEN = base64("\0scorer\0" + KAFKA_PASSWORD);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(b -> b.saslPlain("scorer", KAFKA_PASSWORD));

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension(b -> b.auth("grafana", INFLUX_PASSWORD));

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void scoresEndToEndWithSaslAndInfluxAuthAndNeverShowsEitherPassword() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "secure", 2);
        ReadingFeed feed = new ReadingFeed(200, 11);
        feed.sendRange(kafka, topics.input(), 0, feed.size());
        Path model = TestModels.committed();
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, model, DeliveryMode.EXACTLY_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), "regimes_secure", "grafana", INFLUX_PASSWORD));
        assertThat(config.kafka().clientProperties().getProperty("sasl.jaas.config"))
                .contains(KAFKA_PASSWORD); // it is really used

        JobID job;
        String logs;
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.noRestarts(), 2);
        try (CapturedLogs captured = CapturedLogs.capture(Level.DEBUG)) {
            RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
            JobExecutionResult result = env.execute("secure");
            job = result.getJobID();
            logs = captured.text();
        }

        Delivery delivery = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()));
        assertThat(delivery.exactlyOnce()).as("%s", delivery).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(INFLUX.server()
                                .rows("regimes_secure", "SELECT count(\"temperature\") FROM machine_regime")
                                .get(0)
                                .get(1)
                                .asLong())
                        .isEqualTo(feed.size()));

        assertThat(logs).as("captured log lines").contains("SASL_PLAINTEXT"); // the capture saw Kafka's client config
        assertThat(logs.lines().filter(line -> line.startsWith("DEBUG ")).count())
                .as("DEBUG lines captured")
                .isPositive();
        assertNoSecret("logs", logs);
        assertNoSecret(
                "the job's global parameters",
                env.getConfig().getGlobalJobParameters().toMap().toString());
        assertNoSecret("the job's configuration", env.getConfiguration().toString());
        for (String path : List.of(
                "/jobs/" + job + "/config",
                "/jobs/" + job,
                "/jobs/" + job + "/plan",
                "/jobs/" + job + "/exceptions",
                "/jobs/" + job + "/jobmanager/config",
                "/jobmanager/config")) {
            assertNoSecret("REST " + path, rest(path));
        }
        ReliabilityReport.of("secure-setup")
                .delivery("valid", delivery)
                .put("logLinesChecked", logs.lines().count())
                .put(
                        "debugLogLinesChecked",
                        logs.lines().filter(line -> line.startsWith("DEBUG ")).count())
                .put("restEndpointsChecked", 6)
                .write();
    }

    @Test
    void aWrongInfluxPasswordFailsTheJobWithAMessageThatShowsNeitherPassword() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "secure-wrong", 1);
        new ReadingFeed(10, 12).sendRange(kafka, topics.input(), 0, 10);
        JobConfig config = ScoringJobs.config(
                        KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.AT_LEAST_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), "regimes_secure", "grafana", WRONG_INFLUX_PASSWORD));
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.noRestarts(), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));

        try (CapturedLogs captured = CapturedLogs.capture()) {
            assertThatThrownBy(() -> env.execute("wrong influx password")).satisfies(failure -> {
                String everything = ExceptionUtils.stringifyException(failure);
                assertThat(everything).contains("authentication failed for user 'grafana'");
                assertNoSecret("the failure", everything);
                assertThat(everything).doesNotContain(WRONG_INFLUX_PASSWORD);
            });
            assertNoSecret("logs", captured.text());
            assertThat(captured.text()).doesNotContain(WRONG_INFLUX_PASSWORD);
        }
    }

    private static void assertNoSecret(String where, String text) {
        assertThat(text)
                .as(where)
                .doesNotContain(KAFKA_PASSWORD)
                .doesNotContain(INFLUX_PASSWORD)
                .doesNotContain(INFLUX_BASIC_TOKEN)
                .doesNotContain(KAFKA_PLAIN_TOKEN);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String rest(String path) throws Exception {
        URI uri = ScoringJobs.restAddress(FLINK).resolve(path);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }
}
