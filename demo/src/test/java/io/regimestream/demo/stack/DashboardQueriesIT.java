package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.demo.stack.GrafanaAlertEvaluation.State;
import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.canary.CanarySplit;
import io.regimestream.job.config.JobConfig;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.PrometheusServer;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.localservices.junit.PrometheusExtension;
import io.regimestream.model.testing.TestModels;
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
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Every panel of every Grafana dashboard in grafana/dashboards, run for real, as the stack runs
 * them: a real Kafka broker, a real influxd, the job jar submitted with {@code flink run} to a real
 * Flink standalone cluster (a JobManager and a TaskManager process) whose Prometheus metrics
 * reporter comes from its plugins/ folder, and a real Prometheus scraping it. InfluxDB requires a
 * login, with the users docker-compose gives it: the job writes as the write-only user (its password
 * from the environment of {@code flink run}), the panels read as Grafana's read-only user. Grafana's
 * macros are expanded the way Grafana does; each InfluxQL panel query runs against influxd, each
 * PromQL one against Prometheus (a range query, as Grafana sends it), and must return data.
 *
 * <p>Every alert rule of grafana/provisioning/alerting runs on the same run of the job: its query
 * against the store it reads, its reduce and threshold evaluated as Grafana does
 * ({@link GrafanaAlertEvaluation}), once where it must fire (drift injected, dead letters sent, a
 * machine stopped, a canary rolled back) and once where it must stay quiet. Each rule has its scenario in {@link
 * #alertScenarios()}; a rule without one fails.
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

    /** Machines whose readings the alert scenarios need, beside the simulated fleet. */
    private static final String STOPPED = "press-stopped";

    private static final String RETIRED = "press-retired";
    private static final String LIVE = "press-live";
    private static final String HOT = "press-hot";

    /**
     * The canaries tried at the end of the run, on their own fleet of machines: the committed model with
     * its regimes 4 °C hotter (a fifth of the readings outside its training range: rolled back), then
     * 0.1 °C hotter (as good: promoted), each on a quarter of the machines.
     */
    private static final String WORSE_CANARY = "k4-moved-4";

    private static final String GOOD_CANARY = "k4-moved-0.1";
    private static final List<String> CANARY_FLEET = IntStream.range(0, 24)
            .mapToObj(i -> RegimeSimulator.machineId(i, 24).replace("press-", "line-"))
            .toList();
    private static final double CANARY_SHARE = 0.25;

    /** Bad records of one reason, sent at once: above the dead-letter rule's 1 % of the readings. */
    private static final int NOT_JSON_BURST = 40;

    /** Instants of the run the alert rules are evaluated at (see {@link #alertScenarios()}). */
    private static Instant beforeReadings;

    private static Instant beforeBadRecords;
    private static Instant afterBadRecords;
    private static Instant beforeCanaries;

    private static boolean ran;
    private static Throwable runFailure;

    /**
     * The job's run, shared by the dashboard and the alert tests: once, inside the first test that
     * needs it (not @BeforeAll), so a failure shows as that test's, and the next one reports it.
     */
    private static synchronized void runOnce() throws Exception {
        if (runFailure != null) {
            throw new AssertionError("the job's run failed in an earlier test", runFailure);
        }
        if (!ran) {
            try {
                runTheJobOnReadingsAndBadRecords();
                ran = true;
            } catch (Exception | AssertionError e) {
                runFailure = e;
                throw e;
            }
        }
    }

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
                        "--canary-report-interval",
                        "1s",
                        "--drift-window",
                        "4s",
                        "--drift-min-readings",
                        "100"); // the default thresholds: PSI by predicted regime (README, Model health)
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted.output());
        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        assertThat(id.find()).as(submitted.output()).isTrue();
        jobId = id.group(1);
        announceAShadowModel();
        beforeReadings = Instant.now();

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
                        HOT,
                        ReadingCodec.toJson(new Reading(HOT, r.timestamp(), r.temperature() + 20))));
            }
            // A machine that sent for ten minutes and stopped twenty minutes ago, and one that last
            // sent 25 hours ago (outside the Machine silent rule's day), by their readings' times.
            long now = System.currentTimeMillis();
            sendReadings(producer, fleet, STOPPED, now - Duration.ofMinutes(30).toMillis(), 30, 20_000);
            sendReadings(producer, fleet, RETIRED, now - Duration.ofHours(25).toMillis(), 10, 60_000);
        }
        InfluxDbServer influx = INFLUX.server();
        awaitCount(influx, "regimes", "SELECT count(\"regime\") FROM \"machine_regime\"", 1_540);
        awaitCount(influx, "regimes", "SELECT count(\"psi\") FROM \"model_health\"", 4);
        awaitCount(influx, "regimes", "SELECT count(\"psi\") FROM \"model_drift\"", 1);
        awaitCount(influx, "regimes", "SELECT sum(\"readings\") FROM \"model_shadow\"", 1_200);
        // Flink's metrics, as Prometheus scraped them from the reporter: every reading counted, ...
        awaitPrometheus("sum(flink_taskmanager_job_task_operator_recordsScored)", 1_540);
        beforeBadRecords = Instant.now();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<String> bad = new ArrayList<>(List.of("{\"temperature\":\"hot\"}", "{\"temperature\":1e9}", "{}"));
            for (int i = 0; i <= NOT_JSON_BURST; i++) {
                bad.add("not json " + i);
            }
            for (String record : bad) {
                producer.send(new ProducerRecord<>(
                        PipelineDefaults.READINGS_TOPIC, "press-01", record.getBytes(StandardCharsets.UTF_8)));
            }
        }
        awaitCount(influx, "regimes", "SELECT sum(\"count\") FROM \"dead_letter\"", 4 + NOT_JSON_BURST);
        // ... each bad record under its reason, and a few checkpoints.
        awaitPrometheus(
                "sum(flink_taskmanager_job_task_operator_reason_deadLetters{reason=\"not_json\"})", 1 + NOT_JSON_BURST);
        afterBadRecords = Instant.now();
        awaitPrometheus("max(flink_jobmanager_job_numberOfCompletedCheckpoints)", 3);
        beforeCanaries = Instant.now();
        tryTwoCanaries();
        awaitCount(influx, "regimes", "SELECT count(\"text\") FROM \"model_canary_decision\"", 4);
    }

    /**
     * A worse canary the job rolls back on its own, then a good one it promotes (each decided by both
     * scoring tasks), while the canary fleet sends readings; after everything else, so the other
     * scenarios' figures are the committed model's.
     */
    private static void tryTwoCanaries() throws Exception {
        assertThat(CANARY_FLEET.stream().filter(id -> CanarySplit.scores(id, CANARY_SHARE)))
                .as("the canary scores some of the fleet, not all")
                .hasSizeBetween(2, CANARY_FLEET.size() / 2);
        RegimeSimulator fleet = RegimeSimulator.builder().machines(1).seed(11).build();
        announce(canary(WORSE_CANARY, 4, new CanaryPlan(CANARY_SHARE, 600_000, 40, 0.05, 1.0)));
        awaitStatuses(WORSE_CANARY, ModelStatus.Outcome.CANARY);
        sendCanaryFleetUntil(fleet, WORSE_CANARY, ModelStatus.Outcome.ROLLED_BACK);
        announce(canary(GOOD_CANARY, 0.1, new CanaryPlan(CANARY_SHARE, 3_000, 40, 0.05, 1.0)));
        awaitStatuses(GOOD_CANARY, ModelStatus.Outcome.CANARY);
        sendCanaryFleetUntil(fleet, GOOD_CANARY, ModelStatus.Outcome.PROMOTED);
    }

    /** The committed model with its regimes, and its drift baseline, {@code degrees} hotter, as a canary. */
    private static ModelAnnouncement canary(String version, double degrees, CanaryPlan plan) {
        return TestModels.inline(version, TestModels.shifted(degrees))
                .withBaseline(TestModels.shiftedBaseline(degrees))
                .asCanary(plan);
    }

    /** Rounds of readings of the canary fleet, at the current time, until both scoring tasks report {@code outcome}. */
    private static void sendCanaryFleetUntil(RegimeSimulator fleet, String version, ModelStatus.Outcome outcome)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer();
                KafkaConsumer<byte[], byte[]> statuses = statusReader()) {
            List<ModelStatus> seen = new ArrayList<>();
            await(version + " " + outcome + " on both scoring tasks")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        for (String machine : CANARY_FLEET) {
                            Reading r = new Reading(
                                    machine,
                                    System.currentTimeMillis(),
                                    fleet.next().reading().temperature());
                            producer.send(new ProducerRecord<>(
                                    PipelineDefaults.READINGS_TOPIC, machine, ReadingCodec.toJson(r)));
                        }
                        producer.flush();
                        return reported(statuses, seen, version, outcome);
                    });
        }
    }

    /** {@code count} readings of {@code machine}, the first at {@code startMillis}, {@code intervalMillis} apart. */
    private static void sendReadings(
            KafkaProducer<String, byte[]> producer,
            RegimeSimulator fleet,
            String machine,
            long startMillis,
            int count,
            long intervalMillis) {
        for (int i = 0; i < count; i++) {
            Reading r = new Reading(
                    machine,
                    startMillis + i * intervalMillis,
                    fleet.next().reading().temperature());
            producer.send(new ProducerRecord<>(PipelineDefaults.READINGS_TOPIC, machine, ReadingCodec.toJson(r)));
        }
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
        announce(announcement);
        awaitStatuses(version, ModelStatus.Outcome.SHADOWING);
    }

    private static void announce(ModelAnnouncement announcement) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            PipelineDefaults.MODELS_TOPIC,
                            announcement.version(),
                            ModelAnnouncementCodec.toJson(announcement)))
                    .get();
        }
    }

    /** Waits until both scoring tasks report {@code outcome} for {@code version} on the status topic. */
    private static void awaitStatuses(String version, ModelStatus.Outcome outcome) {
        try (KafkaConsumer<byte[], byte[]> statuses = statusReader()) {
            List<ModelStatus> seen = new ArrayList<>();
            await("both scoring tasks: " + version + " " + outcome)
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> reported(statuses, seen, version, outcome));
        }
    }

    /** Reads on into {@code seen}; whether both scoring tasks reported {@code outcome} for {@code version}. */
    private static boolean reported(
            KafkaConsumer<byte[], byte[]> statuses,
            List<ModelStatus> seen,
            String version,
            ModelStatus.Outcome outcome) {
        statuses.poll(Duration.ofMillis(200)).forEach(r -> seen.add(ModelStatusCodec.fromJson(r.value())));
        return seen.stream()
                        .filter(st -> st.outcome() == outcome
                                && version.equals(
                                        st.canary() == null
                                                ? st.version()
                                                : st.canary().candidateVersion()))
                        .count()
                == 2;
    }

    /** A consumer of the status topic (one partition), from its beginning. */
    private static KafkaConsumer<byte[], byte[]> statusReader() {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        TopicPartition status = new TopicPartition(PipelineDefaults.MODEL_STATUS_TOPIC, 0);
        consumer.assign(List.of(status));
        consumer.seekToBeginning(List.of(status));
        return consumer;
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
        runOnce();
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

    @TestFactory
    Stream<DynamicTest> everyAlertRuleFiresWhenItShouldAndStaysQuietOtherwise() throws Exception {
        runOnce();
        Map<String, ThrowingConsumer<AlertProvisioning.Rule>> scenarios = alertScenarios();
        List<AlertProvisioning.Rule> rules = AlertProvisioning.rules(AlertProvisioning.FOLDER);
        assertThat(rules).isNotEmpty();
        return rules.stream()
                .map(rule -> DynamicTest.dynamicTest("alert rule " + rule.title(), () -> {
                    assertThat(scenarios)
                            .as(
                                    "a scenario for alert rule '%s' (uid %s) in DashboardQueriesIT: where it fires, where it stays quiet",
                                    rule.title(), rule.uid())
                            .containsKey(rule.uid());
                    scenarios.get(rule.uid()).accept(rule);
                }));
    }

    /** Per rule uid, where on this run's data the rule must fire and where it must stay quiet. */
    private static Map<String, ThrowingConsumer<AlertProvisioning.Rule>> alertScenarios() {
        return Map.of(
                "regime-stream-model-drift", DashboardQueriesIT::modelDriftFiresForTheJobsDriftEventsOnly,
                "regime-stream-canary-rolled-back", DashboardQueriesIT::canaryRolledBackFiresForTheCanaryRolledBackOnly,
                "regime-stream-dead-letters", DashboardQueriesIT::deadLettersFireForAReasonAboveOnePercent,
                "regime-stream-machine-silent", DashboardQueriesIT::machineSilentFiresForAMachineThatStopped);
    }

    /**
     * Quiet before the first reading (no event: NoData, which the rule counts as OK); then firing for
     * exactly the machines and scoring tasks the job raised a model-drift event for on
     * machine-model-drift (press-hot, 20 °C above the training data, among them), not for the fleet's
     * machines whose readings look like the training data.
     */
    private static void modelDriftFiresForTheJobsDriftEventsOnly(AlertProvisioning.Rule rule) {
        GrafanaAlertEvaluation.Result before = evaluate(rule, beforeReadings);
        assertThat(before.firing()).as("%s", before).isEmpty();
        assertThat(before.instances()).as("%s", before).allMatch(i -> i.state() == State.NORMAL);

        await("the rule fires for each of the job's drift events")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    GrafanaAlertEvaluation.Result now = evaluate(rule, Instant.now());
                    Set<String> firing = now.firing().stream()
                            .map(l -> l.getOrDefault("machine", "").isEmpty()
                                    ? "overall/" + l.get("task")
                                    : l.get("machine"))
                            .collect(Collectors.toSet());
                    assertThat(firing)
                            .as("%s", now)
                            .isEqualTo(driftEventSeries())
                            .contains(HOT);
                });
        GrafanaAlertEvaluation.Result now = evaluate(rule, Instant.now());
        for (String machine : List.of("press-01", "press-02", "press-03", STOPPED)) {
            assertThat(now.stateOf("machine", machine)).as("%s", now).isNotEqualTo(State.ALERTING);
        }
    }

    /**
     * Quiet before any canary ran (no decision: NoData, which the rule counts as OK); after the two
     * canaries, firing for the one the job rolled back, with the model it went back to, and no instance
     * for the one it promoted.
     */
    private static void canaryRolledBackFiresForTheCanaryRolledBackOnly(AlertProvisioning.Rule rule) {
        GrafanaAlertEvaluation.Result before = evaluate(rule, beforeCanaries);
        assertThat(before.firing()).as("%s", before).isEmpty();
        assertThat(before.instances()).as("%s", before).allMatch(i -> i.state() == State.NORMAL);

        GrafanaAlertEvaluation.Result after = evaluate(rule, Instant.now());
        assertThat(after.firing())
                .as("%s", after)
                .containsExactly(Map.of(
                        "canary_version",
                        WORSE_CANARY,
                        "active_version",
                        TestModels.versionOf(TestModels.committed())));
        assertThat(after.stateOf("canary_version", GOOD_CANARY)).as("%s", after).isNull();
    }

    /** The series the job raised model-drift events for, from machine-model-drift: a machine, or overall/TASK. */
    private static Set<String> driftEventSeries() {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Set<String> series = new java.util.TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(PipelineDefaults.MODEL_DRIFT_TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    ModelDrift drift = ModelDriftCodec.fromJson(r.value());
                    series.add(drift.overall() ? "overall/" + drift.task() : drift.machineId());
                });
            }
        }
        return series;
    }

    /**
     * Quiet while every reading is good (a share of 0 for every reason); after a burst of records
     * that are not JSON, firing for not_json only, while the three other reasons with one dead letter
     * each (one in ~1,600 readings) stay quiet.
     */
    private static void deadLettersFireForAReasonAboveOnePercent(AlertProvisioning.Rule rule) {
        GrafanaAlertEvaluation.Result clean = evaluate(rule, beforeBadRecords);
        assertThat(clean.instances())
                .as("%s", clean)
                .isNotEmpty()
                .allMatch(i -> i.state() == State.NORMAL && i.value() == 0.0)
                .anyMatch(i -> "not_json".equals(i.labels().get("reason")));

        GrafanaAlertEvaluation.Result bad = evaluate(rule, afterBadRecords);
        assertThat(bad.firing()).as("%s", bad).containsExactly(Map.of("reason", "not_json"));
        assertThat(bad.instances().stream()
                        .filter(i -> i.value() != null
                                && i.value() > 0
                                && !i.labels().containsValue("not_json")))
                .as("%s", bad)
                .hasSize(3)
                .allMatch(i -> i.state() == State.NORMAL);
    }

    /**
     * A machine that sent and stopped twenty minutes ago fires; one that is sending (readings up to
     * now, scored and written before the evaluation) stays quiet; one last heard of 25 hours ago is
     * outside the rule's day and has no instance.
     */
    private static void machineSilentFiresForAMachineThatStopped(AlertProvisioning.Rule rule) {
        RegimeSimulator fleet = RegimeSimulator.builder().machines(1).seed(9).build();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            sendReadings(producer, fleet, LIVE, System.currentTimeMillis() - 19_000, 20, 1_000);
        }
        awaitCount(
                INFLUX.server(),
                "regimes",
                "SELECT count(\"regime\") FROM \"machine_regime\" WHERE \"machine\" = '" + LIVE + "'",
                20);
        GrafanaAlertEvaluation.Result result = evaluate(rule, Instant.now());
        assertThat(result.stateOf("machine", STOPPED)).as("%s", result).isEqualTo(State.ALERTING);
        assertThat(result.stateOf("machine", LIVE)).as("%s", result).isEqualTo(State.NORMAL);
        assertThat(result.stateOf("machine", RETIRED)).as("%s", result).isNull();
    }

    /** The rule evaluated at {@code at} as Grafana would, its query run against this run's stores. */
    private static GrafanaAlertEvaluation.Result evaluate(AlertProvisioning.Rule rule, Instant at) {
        return GrafanaAlertEvaluation.evaluate(
                rule,
                new StackAlertStore(
                        INFLUX.server(),
                        StackPasswords.GRAFANA_USER,
                        GRAFANA_PASSWORD,
                        DATABASES,
                        PROMETHEUS.server(),
                        PROMETHEUS_UID),
                at);
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
