package io.regimestream.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.job.testing.JobJar;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.KafkaBroker;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets given the recommended way, never on the command line: the Kafka SASL login in a Kafka
 * client properties file ({@code --kafka-properties}), the InfluxDB password in a file
 * ({@code --influxdb-password-file}). The job jar on a real Flink standalone cluster (JobManager and
 * TaskManager in their own JVMs), submitted with {@code flink run}, scores against a real Kafka
 * broker that requires SASL/PLAIN and a real influxd that requires a login; then neither password
 * (nor its base64 forms on the wire) appears in any REST endpoint the web UI reads, in any log file
 * the cluster or the client wrote, or in what {@code flink run} printed. A password given as a
 * program argument gets a warning in the client's log that says why, without the password; and
 * the same log shows why it is needed: Flink's client lists every program argument at start,
 * masking {@code --influxdb-password} but not the password after it.
 */
class SecretsOnClusterIT {

    private static final String KAFKA_PASSWORD = "kafka-Pw-c1uster-5531";
    private static final String INFLUX_PASSWORD = "influx-Pw-c1uster-8817";
    private static final String ARGUMENT_PASSWORD = "argument-Pw-4410";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(b -> b.saslPlain("scorer", KAFKA_PASSWORD));

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension(b -> b.auth("grafana", INFLUX_PASSWORD));

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(
            b -> TestFlink.recommended(b.taskManagers(1).slotsPerTaskManager(2))
                    .config("execution.checkpointing.interval", "1 s"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    @Test
    void secretsFromFilesShowInNoRestEndpointAndNoLogLine(@TempDir Path secrets) throws Exception {
        Path kafkaProperties = secrets.resolve("kafka-client.properties");
        StringBuilder properties = new StringBuilder();
        KafkaBroker.saslClientProperties("scorer", KAFKA_PASSWORD)
                .forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        Files.writeString(kafkaProperties, properties);
        Path influxPassword = Files.writeString(secrets.resolve("influxdb-password"), INFLUX_PASSWORD + "\n");
        SigningKeys.generate(secrets.resolve("model-signing")); // the job's public key: a file, no secret
        List<Reading> readings = sendReadings();

        FlinkCluster.CliResult run = FLINK.cluster()
                .flinkRun(
                        "-d",
                        "-p",
                        "2",
                        JobJar.path().toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--kafka-properties",
                        kafkaProperties.toString(),
                        "--influxdb-url",
                        INFLUX.url(),
                        "--influxdb-database",
                        "regimes_secrets",
                        "--influxdb-username",
                        "grafana",
                        "--influxdb-password-file",
                        influxPassword.toString(),
                        "--input-topic",
                        "readings-secrets",
                        "--output-topic",
                        "regimes-secrets",
                        "--group-id",
                        "secrets",
                        "--transactional-id-prefix",
                        "secrets",
                        "--starting-offsets",
                        "earliest",
                        "--max-event-time-skew",
                        "none",
                        "--model",
                        TestModels.committed().toString(),
                        "--model-public-key",
                        secrets.resolve("model-signing")
                                .resolve(SigningKeys.PUBLIC_KEY_FILE)
                                .toString(),
                        "--create-topics");
        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher submitted = SUBMITTED.matcher(run.output());
        assertThat(submitted.find()).as(run.output()).isTrue();
        String job = submitted.group(1);
        try {
            // It works with both logins: every reading scored, committed to Kafka and written to InfluxDB.
            KafkaTopics kafka = new KafkaTopics(KAFKA.broker());
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.readCommitted("regimes-secrets").size() == readings.size());
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> INFLUX.server()
                                    .count("regimes_secrets", "SELECT count(\"temperature\") FROM machine_regime")
                            == readings.size());

            Map<String, String> seen = everythingShown(job);
            seen.put("flink run's output", run.output());
            seen.put("the cluster's log files", FLINK.cluster().serverLogs());
            seen.put("the flink client's log", clientLog());

            // Where the Kafka settings are printed, masked, the scan reads: a leak would be found there.
            assertThat(seen.get("the flink client's log"))
                    .as("the job's own configuration line, its Kafka settings masked")
                    .contains("Building the scoring pipeline with JobConfig[")
                    .contains("sasl.jaas.config=******");
            assertThat(seen.entrySet().stream()
                            .filter(e -> e.getKey().startsWith("/taskmanagers/")
                                    && e.getKey().contains("/logs/"))
                            .anyMatch(e -> e.getValue().contains("InfluxDB: regimes_secrets")))
                    .as("a TaskManager log read through the REST API tells of the job's tasks")
                    .isTrue();
            assertThat(seen.keySet().stream().filter(k -> k.contains("/logs/")).count())
                    .as("log files read through the REST API")
                    .isGreaterThanOrEqualTo(2);
            for (Map.Entry<String, String> shown : seen.entrySet()) {
                for (String secret : secretForms()) {
                    assertThat(shown.getValue()).as(shown.getKey()).doesNotContain(secret);
                }
            }
        } finally {
            FLINK.cluster().rest().cancel(job);
        }
    }

    @Test
    void aPasswordGivenAsAProgramArgumentIsWarnedAboutWithoutShowingIt() throws Exception {
        FlinkCluster.CliResult run = FLINK.cluster()
                .flinkRun(
                        JobJar.path().toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--influxdb-username",
                        "grafana",
                        "--influxdb-password",
                        ARGUMENT_PASSWORD,
                        "--model",
                        "/no/such/model.pmml", // ends the run before anything is submitted
                        "--allow-unsigned-models");

        assertThat(run.exitCode()).isNotZero();
        String log = clientLog();
        List<String> warnings = log.lines()
                .filter(l -> l.contains("--influxdb-password was given as a program argument"))
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains("$internal.application.program-args", "flink run logs each of them")
                .contains("INFLUXDB_PASSWORD", "--influxdb-password-file")
                .doesNotContain(ARGUMENT_PASSWORD);
        // Why: Flink's client logs its program arguments, masking the option's name but not the value.
        assertThat(log).contains("****** (sensitive information)").contains(ARGUMENT_PASSWORD);
    }

    /** Every REST endpoint the web UI reads about the cluster, the job and their logs: path -> raw answer. */
    private static Map<String, String> everythingShown(String job) throws Exception {
        Map<String, String> shown = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>(List.of(
                "/config",
                "/overview",
                "/jobmanager/config",
                "/jobmanager/environment",
                "/jobmanager/metrics",
                "/jobmanager/log",
                "/jobmanager/stdout",
                "/jobs/overview",
                "/jobs/" + job,
                "/jobs/" + job + "/config",
                "/jobs/" + job + "/jobmanager/config",
                "/jobs/" + job + "/jobmanager/environment",
                "/jobs/" + job + "/plan",
                "/jobs/" + job + "/exceptions",
                "/jobs/" + job + "/checkpoints",
                "/jobs/" + job + "/checkpoints/config",
                "/taskmanagers"));
        for (JsonNode log : json(get("/jobmanager/logs")).path("logs")) {
            paths.add("/jobmanager/logs/" + encode(log.path("name").asText()));
        }
        for (JsonNode tm : json(get("/taskmanagers")).path("taskmanagers")) {
            String id = "/taskmanagers/" + encode(tm.path("id").asText());
            paths.addAll(List.of(id, id + "/log", id + "/stdout", id + "/metrics"));
            for (JsonNode log : json(get(id + "/logs")).path("logs")) {
                paths.add(id + "/logs/" + encode(log.path("name").asText()));
            }
        }
        for (JsonNode vertex : json(get("/jobs/" + job)).path("vertices")) {
            paths.add("/jobs/" + job + "/vertices/" + vertex.path("id").asText());
        }
        for (String path : paths) {
            shown.put(path, get(path));
        }
        return shown;
    }

    /** The passwords, and how they travel on the wire should a client log that. */
    private static List<String> secretForms() {
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(
                KAFKA_PASSWORD,
                INFLUX_PASSWORD,
                base64.encodeToString(("grafana:" + INFLUX_PASSWORD).getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(("\0scorer\0" + KAFKA_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Reading> sendReadings() {
        KAFKA.broker().createTopic("readings-secrets", 2);
        List<Reading> readings = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Reading r = new Reading("press-" + i % 3, 1_764_213_600_000L + i * 1000L, 40.0 + i % 30);
            readings.add(r);
            records.add(new ProducerRecord<>(
                    "readings-secrets", r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
        }
        new KafkaTopics(KAFKA.broker()).send("readings-secrets", records);
        return readings;
    }

    private static String clientLog() throws Exception {
        try (Stream<Path> files = Files.list(FLINK.cluster().logDir())) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().contains("client"))
                    .sorted()
                    .toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        }
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(FLINK.cluster().webUrl() + path))
                        .timeout(Duration.ofMinutes(1))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }

    private static JsonNode json(String answer) throws Exception {
        return JSON.readTree(answer.substring(answer.indexOf(' ') + 1));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
