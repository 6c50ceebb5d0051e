package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.config.JobConfig;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.PrometheusServer;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.localservices.junit.PrometheusExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every panel of every Grafana dashboard in grafana/dashboards, run for real, as the stack runs
 * them: a real Kafka broker, a real influxd, the job jar submitted with {@code flink run} to a real
 * Flink standalone cluster (a JobManager and a TaskManager process) whose Prometheus metrics
 * reporter comes from its plugins/ folder, and a real Prometheus scraping it. InfluxDB requires a
 * login, with the users docker-compose gives it: the job writes as the write-only user (its password
 * from the environment of {@code flink run}), the panels read as Grafana's read-only user. Grafana's
 * macros are expanded the way Grafana does; each InfluxQL panel query runs against influxd, each
 * PromQL one against Prometheus (a range query, as Grafana sends it), and must return data.
 */
class DashboardQueriesIT {

    private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
    private static final Path JOB_JAR = Path.of("..", "flink-job", "target", "flink-job.jar");
    /** InfluxDB datasource uid -> database, as grafana/provisioning/datasources/influxdb.yaml defines them. */
    private static final Map<String, String> DATABASES = Map.of("influxdb-regimes", "regimes");
    /** The Prometheus datasource of grafana/provisioning/datasources/prometheus.yaml. */
    private static final String PROMETHEUS_UID = "prometheus";
    /** The step of each range query: Grafana's $__interval for a short time range. */
    private static final Duration STEP = Duration.ofSeconds(2);

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** One reporter port per Flink process (a JobManager, a TaskManager), as a range, like the stack's. */
    private static final int FIRST_REPORTER_PORT = FreePorts.findRange(2);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String JOB_PASSWORD = UUID.randomUUID().toString();
    private static final String GRAFANA_PASSWORD = UUID.randomUUID().toString();

    @RegisterExtension
    static final InfluxDbExtension INFLUX =
            new InfluxDbExtension(b -> b.auth("admin", UUID.randomUUID().toString()));

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(b -> recommended(
            b.slotsPerTaskManager(2).prometheusReporter(FIRST_REPORTER_PORT + "-" + (FIRST_REPORTER_PORT + 1))));

    /** The cluster's config.yaml with the project's recommended Flink settings, as a deployment has them. */
    private static FlinkCluster.Builder recommended(FlinkCluster.Builder cluster) {
        LocalFlinkConfiguration.recommended().toMap().forEach(cluster::config);
        return cluster;
    }

    @RegisterExtension
    static final PrometheusExtension PROMETHEUS = new PrometheusExtension(
            b -> b.target("127.0.0.1:" + FIRST_REPORTER_PORT).target("127.0.0.1:" + (FIRST_REPORTER_PORT + 1)));

    private static String jobId;

    /** Runs inside the test (not @BeforeAll), so a failure shows as the test's. */
    private static void runTheJobOnReadingsAndBadRecords() throws Exception {
        JobConfig defaults = JobConfig.defaults(KAFKA.bootstrapServers());
        for (String topic : defaults.kafkaTopics()) {
            boolean oneTask = topic.equals(defaults.topics().models())
                    || topic.equals(defaults.topics().modelStatus());
            KAFKA.broker().createTopic(topic, oneTask ? 1 : 2);
        }
        // As docker-compose's InfluxDB image creates them (INFLUXDB_DB, INFLUXDB_WRITE_USER, INFLUXDB_READ_USER).
        INFLUX.server().createDatabase(PipelineDefaults.INFLUXDB_DATABASE);
        INFLUX.server().createUser(StackPasswords.JOB_USER, JOB_PASSWORD, "WRITE", PipelineDefaults.INFLUXDB_DATABASE);
        INFLUX.server()
                .createUser(StackPasswords.GRAFANA_USER, GRAFANA_PASSWORD, "READ", PipelineDefaults.INFLUXDB_DATABASE);
        FlinkCluster.CliResult submitted = FLINK.cluster()
                .flink(
                        Map.of("INFLUXDB_USERNAME", StackPasswords.JOB_USER, "INFLUXDB_PASSWORD", JOB_PASSWORD),
                        PATIENCE,
                        "run",
                        "-d",
                        "-p",
                        "2",
                        "-Dexecution.checkpointing.interval=1 s",
                        JOB_JAR.toAbsolutePath().toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--model", // with a training distribution
                        Path.of("..", "model-artifacts", "model.pmml")
                                .toAbsolutePath()
                                .normalize()
                                .toString(),
                        "--influxdb-url",
                        INFLUX.url(),
                        "--delivery",
                        "at-least-once",
                        "--allow-unsigned-models", // the shadow model below is announced unsigned
                        "--shadow-report-interval",
                        "1s",
                        "--drift-window",
                        "4s",
                        "--drift-min-readings",
                        "100");
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted.output());
        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        assertThat(id.find()).as(submitted.output()).isTrue();
        jobId = id.group(1);
        announceAShadowModel();

        // Readings with recent event times, so Grafana's default time range holds them.
        RegimeSimulator fleet = RegimeSimulator.builder()
                .machines(3)
                .seed(5)
                .startMillis(System.currentTimeMillis() - 600_000)
                .intervalMillis(1_000)
                .build();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 1_200; i++) {
                Reading r = fleet.next().reading();
                producer.send(
                        new ProducerRecord<>(PipelineDefaults.READINGS_TOPIC, r.machineId(), ReadingCodec.toJson(r)));
            }
            for (int i = 0; i < 300; i++) { // a machine 20 degrees hotter than the training data: model-drift
                Reading r = fleet.next().reading();
                producer.send(new ProducerRecord<>(
                        PipelineDefaults.READINGS_TOPIC,
                        "press-hot",
                        ReadingCodec.toJson(new Reading("press-hot", r.timestamp(), r.temperature() + 20))));
            }
            for (String bad : List.of("not json", "{\"temperature\":\"hot\"}", "{\"temperature\":1e9}", "{}")) {
                producer.send(new ProducerRecord<>(
                        PipelineDefaults.READINGS_TOPIC, "press-01", bad.getBytes(StandardCharsets.UTF_8)));
            }
        }
        InfluxDbServer influx = INFLUX.server();
        awaitCount(influx, "regimes", "SELECT count(\"regime\") FROM \"machine_regime\"", 1_500);
        awaitCount(influx, "regimes", "SELECT count(\"psi\") FROM \"model_health\"", 4);
        awaitCount(influx, "regimes", "SELECT count(\"psi\") FROM \"model_drift\"", 1);
        awaitCount(influx, "regimes", "SELECT sum(\"count\") FROM \"dead_letter\"", 4);
        awaitCount(influx, "regimes", "SELECT sum(\"readings\") FROM \"model_shadow\"", 1_200);
        // Flink's metrics, as Prometheus scraped them from the reporter: every reading counted, each
        // bad record under its reason, and a few checkpoints.
        awaitPrometheus("sum(flink_taskmanager_job_task_operator_recordsScored)", 1_500);
        awaitPrometheus("sum(flink_taskmanager_job_task_operator_reason_deadLetters{reason=\"not_json\"})", 1);
        awaitPrometheus("max(flink_jobmanager_job_numberOfCompletedCheckpoints)", 3);
    }

    /**
     * A second model (the model module's 3-regime test model) as the shadow of the committed one,
     * waited for on the status topic before any reading is sent, so the Shadow agreement panel has
     * every reading compared.
     */
    private static void announceAShadowModel() throws Exception {
        Path shadow = Path.of("..", "model", "src", "test", "resources", "models", "k3");
        byte[] pmml = Files.readAllBytes(shadow.resolve(PipelineDefaults.MODEL_FILE));
        String version = ModelMetadata.read(shadow.resolve(PipelineDefaults.METADATA_FILE))
                .version();
        ModelAnnouncement announcement = ModelAnnouncement.inline(
                        version,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(pmml)),
                        pmml,
                        System.currentTimeMillis())
                .withMode(ModelAnnouncement.Mode.SHADOW);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            PipelineDefaults.MODELS_TOPIC, version, ModelAnnouncementCodec.toJson(announcement)))
                    .get();
        }
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ModelStatus> shadowing = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition status = new TopicPartition(PipelineDefaults.MODEL_STATUS_TOPIC, 0);
            consumer.assign(List.of(status));
            consumer.seekToBeginning(List.of(status));
            await("both scoring tasks shadowing " + version)
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500))
                                .forEach(r -> shadowing.add(ModelStatusCodec.fromJson(r.value())));
                        return shadowing.stream()
                                        .filter(st -> st.outcome() == ModelStatus.Outcome.SHADOWING)
                                        .count()
                                == 2;
                    });
        }
    }

    private static void awaitCount(InfluxDbServer influx, String db, String query, long atLeast) {
        try {
            await(db + ": " + query)
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(influx, db, query) >= atLeast);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "no data for " + query + " in " + db + "; its measurements: "
                            + influx.query(db, "SHOW MEASUREMENTS"),
                    e);
        }
    }

    /** Waits until the PromQL query's latest value reaches {@code atLeast}. */
    private static void awaitPrometheus(String promql, double atLeast) {
        try {
            await(promql)
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> latestValue(promql) >= atLeast);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "Prometheus has no " + promql + " >= " + atLeast + "; its targets: "
                            + PROMETHEUS.server().targets(),
                    e);
        }
    }

    private static double latestValue(String promql) {
        Instant now = Instant.now();
        return PROMETHEUS.server().queryRange(promql, now.minusSeconds(30), now, Duration.ofSeconds(1)).stream()
                .map(series -> series.path("values"))
                .filter(values -> values.size() > 0)
                .mapToDouble(values -> values.get(values.size() - 1).get(1).asDouble())
                .max()
                .orElse(0);
    }

    @AfterAll
    static void stopTheJob() {
        if (jobId != null) {
            FLINK.cluster().rest().cancel(jobId);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPanelQueryReturnsData() throws Exception {
        runTheJobOnReadingsAndBadRecords();
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains("machine-regimes.json", "pipeline-health.json", "model-health.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            JsonNode dashboard = Json.mapper().readTree(file.toFile());
            Map<String, String> variables = templateVariables(dashboard);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String name =
                            file.getFileName() + " / " + panel.path("title").asText() + " / "
                                    + target.path("refId").asText();
                    tests.add(DynamicTest.dynamicTest(name, () -> assertReturnsData(panel, target, variables)));
                }
            }
            for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                String name = file.getFileName() + " / annotations / "
                        + annotation.path("name").asText();
                tests.add(DynamicTest.dynamicTest(name, () -> assertReturnsData(annotation, annotation, variables)));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }

    private static void assertReturnsData(JsonNode panel, JsonNode target, Map<String, String> variables) {
        JsonNode datasource = (target.has("datasource") ? target : panel).path("datasource");
        if (PROMETHEUS_UID.equals(datasource.path("uid").asText())) {
            assertPromQlReturnsData(target);
            return;
        }
        String database = database(target.has("datasource") ? target : panel);
        String query = GrafanaMacros.expand(target.path("query").asText(), variables);
        JsonNode result = INFLUX.server()
                .queryAs(StackPasswords.GRAFANA_USER, GRAFANA_PASSWORD, database, query)
                .path("results")
                .path(0);
        List<JsonNode> values = new ArrayList<>();
        result.path("series")
                .forEach(s -> s.path("values").forEach(row -> {
                    for (int i = 1; i < row.size(); i++) {
                        if (!row.get(i).isNull()) {
                            values.add(row.get(i));
                        }
                    }
                }));
        assertThat(values).as("data from %s: %s", database, query).isNotEmpty();
    }

    /** A range query over the last 15 minutes (the dashboard's time range), as Grafana sends it. */
    private static void assertPromQlReturnsData(JsonNode target) {
        PrometheusServer prometheus = PROMETHEUS.server();
        String query = GrafanaMacros.expandPromQl(target.path("expr").asText(), prometheus.scrapeInterval(), STEP);
        Instant now = Instant.now();
        List<String> values = new ArrayList<>();
        prometheus
                .queryRange(query, now.minus(Duration.ofMinutes(15)), now, STEP)
                .forEach(series -> series.path("values")
                        .forEach(point -> values.add(point.get(1).asText())));
        assertThat(values).as("data from Prometheus: %s", query).isNotEmpty().anyMatch(v -> !v.equals("NaN"));
    }

    /** Each query variable, resolved like Grafana's "All": a regex alternation of its values. */
    private static Map<String, String> templateVariables(JsonNode dashboard) {
        Map<String, String> variables = new java.util.HashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            List<String> values = new ArrayList<>();
            INFLUX.server()
                    .queryAs(
                            StackPasswords.GRAFANA_USER,
                            GRAFANA_PASSWORD,
                            database(v),
                            v.path("query").asText())
                    .path("results")
                    .path(0)
                    .path("series")
                    .forEach(s -> s.path("values")
                            .forEach(row -> values.add(row.get(row.size() - 1).asText())));
            assertThat(values)
                    .as("values of template variable %s", v.path("name").asText())
                    .isNotEmpty();
            variables.put(
                    v.path("name").asText(),
                    values.stream().map(GrafanaMacros::regexEscape).collect(Collectors.joining("|", "(", ")")));
        }
        return variables;
    }

    private static String database(JsonNode withDatasource) {
        String uid = withDatasource.path("datasource").path("uid").asText();
        assertThat(DATABASES).as("datasource uid").containsKey(uid);
        return DATABASES.get(uid);
    }

    private static long count(InfluxDbServer influx, String db, String query) {
        try {
            return influx.count(db, query);
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
