package io.regimestream.training.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.training.TrainCommand;
import io.regimestream.training.output.ModelVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code training --publish-only} against a real Kafka broker, with the committed model. */
class ModelPublisherIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Path COMMITTED =
            Path.of("..", PipelineDefaults.MODEL_DIRECTORY).toAbsolutePath().normalize();

    @Test
    void announcesTheModelInlineOrByLocationWithItsVersionAndSha256() throws Exception {
        KAFKA.broker().createTopic("models-a", 1);
        byte[] pmml = Files.readAllBytes(COMMITTED.resolve(PipelineDefaults.MODEL_FILE));
        String version = ModelMetadata.read(COMMITTED.resolve(PipelineDefaults.METADATA_FILE))
                .version();
        String uri = COMMITTED.resolve(PipelineDefaults.MODEL_FILE).toUri().toString();

        assertThat(run(
                        "--publish-only",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-a",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();
        assertThat(run(
                        "--publish-only",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-a",
                        "--model-uri",
                        uri,
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();

        List<ModelAnnouncement> announced = announced("models-a");
        assertThat(announced).hasSize(2).allSatisfy(a -> {
            assertThat(a.version()).isEqualTo(version);
            assertThat(a.sha256()).isEqualTo(ModelVersion.sha256(pmml));
        });
        assertThat(announced.get(0).pmml().getBytes(StandardCharsets.UTF_8)).isEqualTo(pmml);
        // the training distribution and regimes of model.json go along, for drift after the swap
        ModelMetadata metadata = ModelMetadata.read(COMMITTED.resolve(PipelineDefaults.METADATA_FILE));
        assertThat(announced).allSatisfy(a -> {
            assertThat(a.baseline().regimes()).isEqualTo(metadata.regimes());
            assertThat(a.baseline().distribution().deciles())
                    .containsExactly(metadata.trainingDistribution().deciles());
            assertThat(a.baseline().regimeDistributions())
                    .as("per regime")
                    .isEqualTo(metadata.regimeDistributions())
                    .hasSize(metadata.k());
        });
        assertThat(announced.get(1).location()).isEqualTo(uri);
        assertThat(read("models-a"))
                .allSatisfy(r ->
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(version));
    }

    @Test
    void aModelWhoseFilesDoNotBelongTogetherIsNotAnnounced(@TempDir Path dir) throws Exception {
        Files.copy(COMMITTED.resolve(PipelineDefaults.METADATA_FILE), dir.resolve(PipelineDefaults.METADATA_FILE));
        Files.writeString(dir.resolve(PipelineDefaults.MODEL_FILE), "<PMML/>");
        StringWriter err = new StringWriter();

        int exit = TrainCommand.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute(
                        "--publish-only",
                        "--out",
                        dir.toString(),
                        "--model-topic",
                        "models-b",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("not from the same training run");
    }

    @Test
    void aSignedAnnouncementVerifiesWithThePublicKeyTheJobIsGiven(@TempDir Path keys) throws Exception {
        KAFKA.broker().createTopic("models-c", 1);
        assertThat(run("--generate-signing-key", keys.toString())).isZero();
        PublicKey publicKey = SigningKeys.readPublicKey(keys.resolve(SigningKeys.PUBLIC_KEY_FILE));
        String keyId = SigningKeys.keyId(publicKey);

        assertThat(run(
                        "--publish-only",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-c",
                        "--signing-key",
                        keys.resolve(SigningKeys.PRIVATE_KEY_FILE).toString(),
                        "--signing-key-id",
                        keyId,
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();

        ModelAnnouncement announced =
                ModelAnnouncementCodec.fromJson(read("models-c").get(0).value());
        assertThat(announced.keyId()).isEqualTo(keyId);
        // The very check the job's AnnouncementPolicy makes, on the bytes that went through Kafka.
        assertThat(AnnouncementSignature.verifies(announced, publicKey)).isTrue();
        assertThat(AnnouncementSignature.verifies(
                        announced, SigningKeys.generate(keys.resolve("other")).getPublic()))
                .isFalse();
    }

    @Test
    void withShadowTheModelIsAnnouncedAsASignedShadowThatCannotPassAsActive(@TempDir Path keys) throws Exception {
        KAFKA.broker().createTopic("models-e", 1);
        SigningKeys.generate(keys);
        PublicKey publicKey = SigningKeys.readPublicKey(keys.resolve(SigningKeys.PUBLIC_KEY_FILE));

        assertThat(run(
                        "--publish-only",
                        "--shadow",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-e",
                        "--signing-key",
                        keys.resolve(SigningKeys.PRIVATE_KEY_FILE).toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();
        assertThat(run(
                        "--publish-only",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-e",
                        "--signing-key",
                        keys.resolve(SigningKeys.PRIVATE_KEY_FILE).toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();

        List<ModelAnnouncement> announced = announced("models-e");
        assertThat(announced)
                .extracting(ModelAnnouncement::mode)
                .containsExactly(ModelAnnouncement.Mode.SHADOW, ModelAnnouncement.Mode.ACTIVE);
        assertThat(new String(read("models-e").get(0).value(), StandardCharsets.UTF_8))
                .contains("\"mode\":\"shadow\"");
        assertThat(announced)
                .allSatisfy(a ->
                        assertThat(AnnouncementSignature.verifies(a, publicKey)).isTrue());
        assertThat(announced.get(1).sequence())
                .as("each announcement comes with a higher sequence")
                .isGreaterThan(announced.get(0).sequence());
        assertThat(announced.get(1).baseline())
                .as("model.json's training distribution")
                .isNotNull();
        ObjectNode replayedAsActive =
                (ObjectNode) Json.mapper().readTree(read("models-e").get(0).value());
        replayedAsActive.remove("mode");
        ObjectNode withoutBaseline =
                (ObjectNode) Json.mapper().readTree(read("models-e").get(1).value());
        withoutBaseline.remove("trainingDistribution");
        ObjectNode withoutRegimeDistributions =
                (ObjectNode) Json.mapper().readTree(read("models-e").get(1).value());
        withoutRegimeDistributions.remove("regimeDistributions");
        assertThat(AnnouncementSignature.verifies(
                        ModelAnnouncementCodec.fromJson(Json.mapper().writeValueAsBytes(replayedAsActive)), publicKey))
                .as("the signed shadow replayed as active")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(
                        ModelAnnouncementCodec.fromJson(Json.mapper().writeValueAsBytes(withoutBaseline)), publicKey))
                .as("the signed announcement without its drift baseline")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(
                        ModelAnnouncementCodec.fromJson(Json.mapper().writeValueAsBytes(withoutRegimeDistributions)),
                        publicKey))
                .as("the signed announcement without its per-regime distributions")
                .isFalse();
    }

    @Test
    void withCanaryTheModelIsAnnouncedAsASignedCanaryWithItsPlan(@TempDir Path keys) throws Exception {
        SigningKeys.generate(keys);
        PublicKey publicKey = SigningKeys.readPublicKey(keys.resolve(SigningKeys.PUBLIC_KEY_FILE));

        assertThat(run(
                        "--publish-only",
                        "--canary",
                        "0.2",
                        "--canary-promote-after",
                        "30m",
                        "--canary-min-readings",
                        "5000",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-canary",
                        "--signing-key",
                        keys.resolve(SigningKeys.PRIVATE_KEY_FILE).toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();

        ModelAnnouncement canary = announced("models-canary").get(0);
        assertThat(canary.mode()).isEqualTo(ModelAnnouncement.Mode.CANARY);
        assertThat(canary.canary())
                .isEqualTo(new CanaryPlan(
                        0.2,
                        1_800_000,
                        5_000,
                        CanaryPlan.of(0.2).maxShareIncrease(),
                        CanaryPlan.of(0.2).maxPsiIncrease()));
        assertThat(canary.baseline()).as("model.json's training distribution").isNotNull();
        assertThat(AnnouncementSignature.verifies(canary, publicKey)).isTrue();
        ObjectNode wider =
                (ObjectNode) Json.mapper().readTree(read("models-canary").get(0).value());
        ((ObjectNode) wider.get("canary")).put("share", 0.9);
        assertThat(AnnouncementSignature.verifies(
                        ModelAnnouncementCodec.fromJson(Json.mapper().writeValueAsBytes(wider)), publicKey))
                .as("the signed canary with a wider share")
                .isFalse();
    }

    @Test
    void aRollbackIsAnnouncedAsOneUnderTheSequenceGivenOrAHigherOne(@TempDir Path keys) throws Exception {
        SigningKeys.generate(keys);
        String key = keys.resolve(SigningKeys.PRIVATE_KEY_FILE).toString();

        assertThat(run(
                        "--publish-only",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-r",
                        "--signing-key",
                        key,
                        "--sequence",
                        "42",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();
        assertThat(run(
                        "--publish-only",
                        "--rollback",
                        "--out",
                        COMMITTED.toString(),
                        "--model-topic",
                        "models-r",
                        "--signing-key",
                        key,
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers()))
                .isZero();

        List<ModelAnnouncement> announced = announced("models-r");
        assertThat(announced).extracting(ModelAnnouncement::rollback).containsExactly(false, true);
        assertThat(announced.get(0).sequence()).isEqualTo(42);
        assertThat(announced.get(1).sequence()).as("the clock, far above 42").isGreaterThan(42);
        PublicKey publicKey = SigningKeys.readPublicKey(keys.resolve(SigningKeys.PUBLIC_KEY_FILE));
        assertThat(announced)
                .allSatisfy(a ->
                        assertThat(AnnouncementSignature.verifies(a, publicKey)).isTrue());
        StringWriter err = new StringWriter();
        assertThat(TrainCommand.commandLine()
                        .setErr(new PrintWriter(err, true))
                        .execute("--rollback", "--generate", "10"))
                .isNotZero();
        assertThat(err.toString()).contains("--rollback needs --publish-only");
    }

    @Test
    void shadowWithoutPublishingIsRefused() {
        StringWriter err = new StringWriter();

        int exit =
                TrainCommand.commandLine().setErr(new PrintWriter(err, true)).execute("--shadow", "--generate", "10");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--shadow needs --publish or --publish-only");
    }

    @Test
    void aModelWhoseVersionTheJobWouldRefuseIsNotAnnounced(@TempDir Path dir) throws Exception {
        Files.copy(COMMITTED.resolve(PipelineDefaults.MODEL_FILE), dir.resolve(PipelineDefaults.MODEL_FILE));
        Files.writeString(
                dir.resolve(PipelineDefaults.METADATA_FILE),
                Files.readString(COMMITTED.resolve(PipelineDefaults.METADATA_FILE))
                        .replaceFirst("\"version\" : \"[^\"]*\"", "\"version\" : \"k4 new\""));
        StringWriter err = new StringWriter();

        int exit = TrainCommand.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute(
                        "--publish-only",
                        "--out",
                        dir.toString(),
                        "--model-topic",
                        "models-d",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: the job would refuse this announcement")
                .contains("\"version\" must be");
    }

    /** The announcements on {@code topic}, read as the job reads them. */
    private static List<ModelAnnouncement> announced(String topic) {
        return read(topic).stream()
                .map(r -> ModelAnnouncementCodec.fromJson(r.value()))
                .toList();
    }

    private static int run(String... args) {
        return TrainCommand.commandLine().execute(args);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.putAll(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 20_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
