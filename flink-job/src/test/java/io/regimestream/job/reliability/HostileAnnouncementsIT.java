package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and forged model announcements through the control topic: the whole job on a Flink
 * MiniCluster against a real Kafka broker and a real influxd, with a signing key and a location
 * allow-list configured. Each is rejected with a status saying why, scoring goes on with the
 * current model (and InfluxDB keeps taking its points), and a good signed announcement by
 * location is then activated.
 */
class HostileAnnouncementsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final String VERSION_A = TestModels.versionOf(A);
    private static final String VERSION_B = TestModels.versionOf(B);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DATABASE = "regimes_trust";

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @TempDir
    Path dir;

    @Test
    void forgedMalformedAndHostileAnnouncementsAreRejectedAndAGoodSignedOneActivates() throws Exception {
        String in = "readings-trust";
        String out = "regimes-trust";
        String models = "models-trust";
        String status = "model-status-trust";
        for (String topic : List.of(in, out, "dlq-trust", models, status, "changes-trust")) {
            KAFKA.broker().createTopic(topic, 1);
        }
        KeyPair publisher = SigningKeys.generate(dir.resolve("publisher"));
        KeyPair stranger = SigningKeys.generate(dir.resolve("stranger"));
        Path allowed = Files.createDirectories(dir.resolve("models"));
        Path modelB = Files.copy(B, allowed.resolve("model.pmml"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        String secretSha = TestModels.sha256(Files.readAllBytes(secret));
        Files.createSymbolicLink(allowed.resolve("endless.pmml"), Path.of("/dev/zero"));
        byte[] pmmlB = Files.readAllBytes(B);
        String shaB = TestModels.sha256(pmmlB);
        Files.copy(B, allowed.resolve("other.pmml"));
        long now = System.currentTimeMillis();
        // signed and valid, but published before the good one below: sent after it, it is a replay
        ModelAnnouncement older = signed(publisher, TestModels.inline("older", Files.readAllBytes(A)));
        ModelAnnouncement withBaseline = signed(
                publisher,
                TestModels.inline("baseline-edited", pmmlB)
                        .withBaseline(new DriftBaseline(
                                new ModelMetadata.TrainingDistribution(
                                        100, 30, 80, new double[] {35, 40, 45, 50, 55, 60, 65, 70, 75}),
                                List.of(),
                                null)));
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withTopics(t -> t.withReadings(in)
                        .withPredictions(out)
                        .withDeadLetters("dlq-trust")
                        .withModels(models)
                        .withModelStatus(status)
                        .withRegimeChanges("changes-trust"))
                .withKafka(k -> k.withGroupId("it-trust").withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(A.toString()))
                .withInflux(new InfluxSettings(INFLUX.url(), DATABASE, null, null))
                .withKafka(k -> k.withDelivery(DeliveryMode.EXACTLY_ONCE).withTransactionalIdPrefix("it-trust"))
                .withValidation(
                        ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.UNLIMITED)) // readings of 2025
                .withModel(m -> m.withAnnouncementPolicy(AnnouncementPolicy.of(
                        List.of(publisher.getPublic()), List.of(allowed.toUri().toString()))));
        RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(3)
                .seed(21)
                .startMillis(1_764_213_600_000L)
                .intervalMillis(1000)
                .build();

        try (CapturedLogs logs = CapturedLogs.capture()) {
            StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(), 1);
            RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
            JobClient job = env.executeAsync("hostile announcements IT");
            try {
                List<Reading> before = send(in, simulator, 20);
                await().atMost(WAIT).until(() -> kafka.readCommitted(out).size() >= 20);

                List<byte[]> hostile = List.of(
                        // a good model under a version no tag or key may have (it would fail the InfluxDB sink on every
                        // prediction, and every restart from the checkpoint holding it): refused as it is parsed
                        raw("k4\nmachine_regime,machine=x temperature=1", pmmlB, now),
                        raw("k4\\", pmmlB, now),
                        // forged: unsigned, signed by another key, altered after signing
                        json(TestModels.inline("unsigned", pmmlB)),
                        json(AnnouncementSignature.sign(
                                TestModels.inline("wrong-key", pmmlB), stranger.getPrivate(), null)),
                        json(renamed(signed(publisher, TestModels.inline("altered-before", pmmlB)), "altered")),
                        // signed but hostile content
                        json(signed(publisher, TestModels.inline("doctype", billionLaughs(secret)))),
                        json(signed(publisher, ModelAnnouncement.inline("sha-mismatch", "00".repeat(32), pmmlB, now))),
                        json(signed(publisher, oversizeInline(now))),
                        json(signed(
                                publisher,
                                ModelAnnouncement.at(
                                        "endless",
                                        shaB,
                                        allowed.resolve("endless.pmml").toUri().toString(),
                                        now))),
                        // locations outside the allow-list, plainly or by escaping it
                        json(signed(
                                publisher,
                                ModelAnnouncement.at(
                                        "outside", secretSha, secret.toUri().toString(), now))),
                        json(signed(
                                publisher,
                                ModelAnnouncement.at("dot-dot", secretSha, allowed.toUri() + "../secret.txt", now))),
                        json(signed(
                                publisher,
                                ModelAnnouncement.at(
                                        "pct-escape", secretSha, allowed.toUri() + "%2e%2e/secret.txt", now))),
                        // signed, then edited: the baseline deleted or faked, the location moved, the version renamed
                        TestModels.tamperedJson(withBaseline, j -> j.remove("trainingDistribution")),
                        TestModels.tamperedJson(
                                withBaseline,
                                j -> j.put("version", "baseline-faked")
                                        .set(
                                                "trainingDistribution",
                                                Json.mapper()
                                                        .valueToTree(new ModelMetadata.TrainingDistribution(
                                                                100, 0, 1, new double[] {
                                                                    .1, .2, .3, .4, .5, .6, .7, .8, .9
                                                                })))),
                        TestModels.tamperedJson(
                                signed(
                                        publisher,
                                        ModelAnnouncement.at(
                                                "moved", shaB, modelB.toUri().toString(), now)),
                                j -> j.put(
                                        "location",
                                        allowed.resolve("other.pmml").toUri().toString())),
                        // signed the old way: over version and sha256 only
                        json(signedTheOldWay(publisher, TestModels.inline("old-way", pmmlB))),
                        // signed, and built to fail the task: nested deeper than any stack, or no JSON at all
                        json(signed(publisher, TestModels.inline("deep", TestModels.deeplyNested(3_000)))),
                        garbage(),
                        // and finally a good one
                        json(signed(
                                publisher,
                                ModelAnnouncement.at(
                                        VERSION_B, shaB, modelB.toUri().toString(), now))),
                        // an older announcement sent again after it: a replay
                        json(older));
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                hostile.forEach(value ->
                        records.add(new ProducerRecord<>(models, "k".getBytes(StandardCharsets.UTF_8), value)));
                kafka.send(models, records, Map.of("max.request.size", 2 * 1024 * 1024));

                await().atMost(WAIT).until(() -> kafka.readCommitted(status).size() >= hostile.size());
                List<Reading> after = send(in, simulator, 20);
                await().atMost(WAIT).until(() -> kafka.readCommitted(out).size() >= 40);

                List<ModelStatus> statuses = kafka.readCommitted(status).stream()
                        .map(r -> ModelStatusCodec.fromJson(r.value()))
                        .toList();
                assertThat(statuses)
                        .extracting(s -> s.version() + " " + s.outcome())
                        .containsExactlyInAnyOrder(
                                " REJECTED",
                                " REJECTED",
                                "unsigned REJECTED",
                                "wrong-key REJECTED",
                                "altered REJECTED",
                                "doctype REJECTED",
                                "sha-mismatch REJECTED",
                                " REJECTED",
                                "endless REJECTED",
                                "outside REJECTED",
                                "dot-dot REJECTED",
                                "pct-escape REJECTED",
                                "baseline-edited REJECTED",
                                "baseline-faked REJECTED",
                                "moved REJECTED",
                                "old-way REJECTED",
                                "deep REJECTED",
                                " REJECTED",
                                VERSION_B + " ACTIVATED",
                                "older REJECTED");
                // Refused as they are parsed, so their version is never used (not even as the status's key).
                assertThat(statuses)
                        .filteredOn(s -> s.version().isEmpty())
                        .extracting(ModelStatus::detail)
                        .satisfiesExactlyInAnyOrder(
                                d -> assertThat(d)
                                        .contains("\"version\" must be 1 to 64", "k4\\u000amachine_regime")
                                        .doesNotContain("\n"),
                                d -> assertThat(d).contains("\"version\" must be 1 to 64", "'k4\\u005c'"),
                                d -> assertThat(d)
                                        .contains("inline \"pmml\" is " + (ModelAnnouncement.MAX_INLINE_PMML_BYTES + 13)
                                                + " bytes"),
                                d -> assertThat(d).contains("not a model announcement", "not valid JSON"));
                assertThat(detail(statuses, "unsigned")).contains("is not signed");
                assertThat(detail(statuses, "wrong-key")).contains("does not verify");
                assertThat(detail(statuses, "altered")).contains("does not verify");
                assertThat(detail(statuses, "doctype")).contains("DOCTYPE").doesNotContain("top secret");
                assertThat(detail(statuses, "sha-mismatch"))
                        .contains("does not have the sha256 announced")
                        .doesNotContain(shaB);
                assertThat(detail(statuses, "endless")).contains("is larger than");
                assertThat(detail(statuses, "outside")).contains("is not under a location this job may read");
                assertThat(detail(statuses, "dot-dot")).contains("is not under a location this job may read");
                assertThat(detail(statuses, "pct-escape")).contains("is not under a location this job may read");
                assertThat(detail(statuses, "baseline-edited")).contains("does not verify");
                assertThat(detail(statuses, "baseline-faked")).contains("does not verify");
                assertThat(detail(statuses, "moved")).contains("does not verify");
                assertThat(detail(statuses, "old-way")).contains("is signed the old way");
                assertThat(detail(statuses, "deep")).contains("nests elements more than 64 deep");
                assertThat(detail(statuses, "older"))
                        .contains("has sequence " + older.sequence(), "a replay", "still scoring with " + VERSION_B);
                assertThat(statuses).allSatisfy(s -> assertThat(s.detail()).doesNotContain(secretSha, "top secret"));

                List<Prediction> predictions = kafka.readCommitted(out).stream()
                        .map(r -> PredictionCodec.fromJson(r.value()))
                        .toList();
                assertThat(predictions)
                        .filteredOn(p -> before.contains(reading(p)))
                        .hasSize(20)
                        .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
                assertThat(predictions)
                        .filteredOn(p -> after.contains(reading(p)))
                        .hasSize(20)
                        .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_B));
                // InfluxDB took every prediction, tagged with the two versions (a bad version would have failed the
                // sink).
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(INFLUX.server()
                                    .count(
                                            DATABASE,
                                            "SELECT count(\"temperature\") FROM machine_regime "
                                                    + "WHERE \"model_version\" = '" + VERSION_A + "'"))
                            .isEqualTo(20);
                    assertThat(INFLUX.server()
                                    .count(
                                            DATABASE,
                                            "SELECT count(\"temperature\") FROM machine_regime "
                                                    + "WHERE \"model_version\" = '" + VERSION_B + "'"))
                            .isEqualTo(20);
                });
                assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                        .as("restarts: no announcement failed the task")
                        .isZero();
                ReliabilityReport.of("hostile-announcements")
                        .put("announcements", hostile.size())
                        .put(
                                "rejected",
                                statuses.stream()
                                        .filter(s -> s.outcome() == ModelStatus.Outcome.REJECTED)
                                        .count())
                        .put("activated", 1)
                        .put("predictions", predictions.size())
                        .put("restarts", 0)
                        .write();
            } finally {
                job.cancel().get();
            }
            assertThat(logs.text())
                    .doesNotContain(secretSha, "top secret", "k4\nmachine_regime")
                    .doesNotContain("are not authenticated");
        }
    }

    @Test
    void aJobWithoutAKeySaysOnceAtStartThatAnnouncementsAreNotAuthenticated() {
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withModel(m -> m.withLocation(A.toString()))
                .withInflux(null);
        try (CapturedLogs logs = CapturedLogs.capture()) {
            RegimeScoringPipeline.build(TestFlink.environment(), config, KafkaPipelineIo.of(config));

            assertThat(logs.text().split("\n"))
                    .filteredOn(line -> line.contains("are not authenticated"))
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains("--model-public-key"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<Reading> send(String topic, RegimeSimulator simulator, int n) {
        List<Reading> sent = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Reading r = simulator.next().reading();
            sent.add(r);
            records.add(new ProducerRecord<>(
                    topic, r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
        }
        kafka.send(topic, records);
        return sent;
    }

    private static ModelAnnouncement signed(KeyPair keys, ModelAnnouncement announcement) {
        return AnnouncementSignature.sign(announcement, keys.getPrivate(), null);
    }

    /** The same signature on another version: what an attacker who copies a signed message can do. */
    private static ModelAnnouncement renamed(ModelAnnouncement a, String version) {
        return TestModels.tampered(a, json -> json.put("version", version));
    }

    /** An announcement with the PMML inline, a little larger than the inline limit (but within a Kafka message). */
    private static ModelAnnouncement oversizeInline(long now) {
        byte[] pmml = ("<PMML>" + " ".repeat(ModelAnnouncement.MAX_INLINE_PMML_BYTES) + "</PMML>")
                .getBytes(StandardCharsets.UTF_8);
        return ModelAnnouncement.inline("oversize-inline", TestModels.sha256(pmml), pmml, now);
    }

    /** An inline announcement as raw JSON, for versions the codec's rule would never let through. */
    private static byte[] raw(String version, byte[] pmml, long now) {
        ObjectNode json = Json.mapper()
                .createObjectNode()
                .put("version", version)
                .put("sha256", TestModels.sha256(pmml))
                .put("pmml", new String(pmml, StandardCharsets.UTF_8))
                .put("publishedAt", now)
                .put("sequence", ModelAnnouncement.nextSequence())
                .put("signature", Base64.getEncoder().encodeToString(new byte[64]));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Signed as announcements were before issue 20: version and sha256 only (the first format). */
    private static ModelAnnouncement signedTheOldWay(KeyPair keys, ModelAnnouncement a) throws Exception {
        java.security.Signature v1 = java.security.Signature.getInstance("Ed25519");
        v1.initSign(keys.getPrivate());
        v1.update(("regime-stream model announcement v1\nversion=" + a.version() + "\nsha256=" + a.sha256() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return a.signed(null, Base64.getEncoder().encodeToString(v1.sign()));
    }

    /** Random bytes on the control topic. */
    private static byte[] garbage() {
        byte[] bytes = new byte[4096];
        new java.util.Random(20).nextBytes(bytes);
        bytes[0] = '{';
        return bytes;
    }

    private static byte[] json(ModelAnnouncement a) {
        return ModelAnnouncementCodec.toJson(a);
    }

    /** The stand-in model with an exponential entity expansion and an external entity on {@code secret}. */
    private byte[] billionLaughs(Path secret) throws Exception {
        StringBuilder entities =
                new StringBuilder("<!ENTITY leak SYSTEM \"" + secret.toUri() + "\"><!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10))
                    .append("\">");
        }
        Path pmml = TestModels.standIn(Files.createTempDirectory(dir, "hostile"));
        return Files.readString(pmml)
                .replace("<PMML ", "<!DOCTYPE PMML [" + entities + "]>\n<PMML ")
                .replace("description=\"test stand-in for the regime classifier\"", "description=\"&lol9;&leak;\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String detail(List<ModelStatus> statuses, String version) {
        return statuses.stream()
                .filter(s -> s.version().equals(version))
                .findFirst()
                .orElseThrow()
                .detail();
    }

    private static Reading reading(Prediction p) {
        return new Reading(p.machineId(), p.timestamp(), p.temperature());
    }
}
