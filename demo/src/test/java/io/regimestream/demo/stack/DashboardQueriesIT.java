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
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
 * Every panel of every Grafana dashboard in grafana/dashboards, run for real: a real Kafka broker,
 * a real influxd, the scoring job on a Flink MiniCluster with Flink's InfluxDB metrics reporter
 * (as docker-compose configures it). Grafana's macros are expanded the way Grafana does, each
 * panel's InfluxQL runs against the database of its datasource, and must return data.
 */
class DashboardQueriesIT {

    private static final int INFLUX_PORT = FreePorts.find();
    private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
    /** Datasource uid -> database, as grafana/provisioning/datasources/influxdb.yaml defines them. */
    private static final Map<String, String> DATABASES =
            Map.of("influxdb-regimes", "regimes", "influxdb-flink", "flink");

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension(b -> b.port(INFLUX_PORT));

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(metricsReporter())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static JobClient job;

    /** The same reporter settings as docker-compose.yml's FLINK_PROPERTIES, reporting every second. */
    private static Configuration metricsReporter() {
        Configuration conf = new Configuration();
        Map.of(
                        "factory.class",
                        "org.apache.flink.metrics.influxdb.InfluxdbReporterFactory",
                        "scheme",
                        "http",
                        "host",
                        "127.0.0.1",
                        "port",
                        String.valueOf(INFLUX_PORT),
                        "db",
                        "flink",
                        "interval",
                        "1 SECONDS")
                .forEach((k, v) -> conf.setString("metrics.reporter.influxdb." + k, v));
        return conf;
    }

    /** Runs inside the test (not @BeforeAll): the extension hands out its environment per test. */
    private static void runTheJobOnReadingsAndBadRecords() throws Exception {
        INFLUX.server().createDatabase("flink"); // docker/influxdb-init does this in the stack
        KAFKA.broker().createTopic(PipelineDefaults.READINGS_TOPIC, 2);
        KAFKA.broker().createTopic(PipelineDefaults.MODELS_TOPIC, 1);
        KAFKA.broker().createTopic(PipelineDefaults.MODEL_STATUS_TOPIC, 1);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withModel(m -> m.withLocation(
                        Path.of("..", "model-artifacts", "model.pmml").toString())) // with a training distribution
                .withInflux(new InfluxSettings(INFLUX.url(), PipelineDefaults.INFLUXDB_DATABASE, null, null))
                .withKafka(k -> k.withDelivery(DeliveryMode.AT_LEAST_ONCE))
                .withFlink(f -> f.withCheckpointInterval(Duration.ofSeconds(1)))
                .withModel(m -> m.withShadowReportInterval(Duration.ofSeconds(1)))
                .withDrift(new DriftSettings(Duration.ofSeconds(4), 100, 0.2, 0.05))
                .withFlink(f -> f.withParallelism(2));
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        job = env.executeAsync("dashboard queries");
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
        awaitCount(influx, "flink", "SELECT count(\"value\") FROM \"jobmanager_job_numberOfCompletedCheckpoints\"", 3);
        awaitCount(
                influx, "flink", "SELECT count(\"p99\") FROM \"taskmanager_job_task_operator_scoringLatencyNanos\"", 3);
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

    @AfterAll
    static void stopTheJob() throws Exception {
        if (job != null) {
            job.cancel().get();
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
        String database = database(target.has("datasource") ? target : panel);
        String query = GrafanaMacros.expand(target.path("query").asText(), variables);
        JsonNode result = INFLUX.server().query(database, query).path("results").path(0);
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

    /** Each query variable, resolved like Grafana's "All": a regex alternation of its values. */
    private static Map<String, String> templateVariables(JsonNode dashboard) {
        Map<String, String> variables = new java.util.HashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            List<String> values = new ArrayList<>();
            INFLUX.server()
                    .query(database(v), v.path("query").asText())
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
