package io.regimestream.training.publish;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.training.TrainingException;
import io.regimestream.training.output.ModelVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Announces a trained model ({@code model.pmml} + {@code model.json} in a folder) on the control
 * topic, so a running scoring job switches to it without a restart. The PMML goes inline unless a
 * location is given that every task manager can read (then the job reads it from there).
 */
public final class ModelPublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private ModelPublisher() {}

    /** The unsigned announcement of the model in {@code modelDir}; {@code modelUri} null = PMML inline. */
    public static ModelAnnouncement announcement(Path modelDir, String modelUri) throws TrainingException {
        return announcement(modelDir, modelUri, null);
    }

    /**
     * The announcement of the model in {@code modelDir}, signed when a key is given, checked with
     * the same rule the job applies, so nothing is published that the job would refuse.
     *
     * @param modelUri null = PMML inline
     * @param signer   null = unsigned (a job with --model-public-key rejects it)
     */
    public static ModelAnnouncement announcement(Path modelDir, String modelUri, Signer signer)
            throws TrainingException {
        return announcement(modelDir, modelUri, signer, ModelAnnouncement.Mode.ACTIVE);
    }

    /**
     * As {@link #announcement(Path, String, Signer)}, in {@code mode}: {@link ModelAnnouncement.Mode#SHADOW}
     * has the job score with it beside the active model only; the signature covers the mode.
     */
    public static ModelAnnouncement announcement(
            Path modelDir, String modelUri, Signer signer, ModelAnnouncement.Mode mode) throws TrainingException {
        return announcement(modelDir, modelUri, signer, mode, ModelAnnouncement.nextSequence(), false);
    }

    /**
     * As {@link #announcement(Path, String, Signer, ModelAnnouncement.Mode)}, under {@code sequence}: a job
     * applies it only if that is above the sequence of the last announcement it applied. Every field of the
     * announcement is signed, the sequence, the drift baseline and the mode included.
     *
     * @param rollback marks it as a deliberate rollback to an older model ({@code "rollback":true})
     */
    public static ModelAnnouncement announcement(
            Path modelDir, String modelUri, Signer signer, ModelAnnouncement.Mode mode, long sequence, boolean rollback)
            throws TrainingException {
        return announcement(modelDir, modelUri, signer, mode, null, sequence, rollback);
    }

    /**
     * As {@link #announcement(Path, String, Signer, ModelAnnouncement.Mode, long, boolean)}; a {@link
     * ModelAnnouncement.Mode#CANARY canary} is tried as {@code plan} says (signed with the rest).
     */
    public static ModelAnnouncement announcement(
            Path modelDir,
            String modelUri,
            Signer signer,
            ModelAnnouncement.Mode mode,
            CanaryPlan plan,
            long sequence,
            boolean rollback)
            throws TrainingException {
        ModelAnnouncement unsigned = unsigned(modelDir, modelUri).withSequence(sequence);
        ModelAnnouncement base;
        try {
            base = mode == ModelAnnouncement.Mode.CANARY ? unsigned.asCanary(plan) : unsigned.withMode(mode);
        } catch (IllegalArgumentException e) {
            throw new TrainingException("cannot announce " + modelDir + ": " + e.getMessage(), e);
        }
        ModelAnnouncement announcement = rollback ? base.asRollback() : base;
        if (signer != null) {
            announcement = AnnouncementSignature.sign(announcement, signer.key(), signer.keyId());
        }
        try {
            ModelAnnouncementRule.check(announcement, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw new TrainingException(
                    "the job would refuse this announcement of " + modelDir + ": " + e.getMessage()
                            + " (model.json's version, or --model-uri)",
                    e);
        }
        return announcement;
    }

    /** A private key to sign announcements with, and the optional id the job finds its public half by. */
    public record Signer(PrivateKey key, String keyId) {}

    private static ModelAnnouncement unsigned(Path modelDir, String modelUri) throws TrainingException {
        Path pmmlFile = modelDir.resolve(PipelineDefaults.MODEL_FILE);
        Path metadataFile = modelDir.resolve(PipelineDefaults.METADATA_FILE);
        byte[] pmml;
        ModelMetadata metadata;
        try {
            pmml = Files.readAllBytes(pmmlFile);
            metadata = ModelMetadata.read(metadataFile);
        } catch (IOException e) {
            throw new TrainingException(
                    "cannot read the model to publish in " + modelDir + " (" + e.getMessage()
                            + "): train one there first or point --out at a folder with model.pmml and model.json",
                    e);
        }
        String sha256 = ModelVersion.sha256(pmml);
        if (metadata.pmmlSha256() != null && !metadata.pmmlSha256().equalsIgnoreCase(sha256)) {
            throw new TrainingException(pmmlFile + " has sha256 " + sha256 + " but " + metadataFile + " says "
                    + metadata.pmmlSha256() + ": the two files are not from the same training run");
        }
        long now = System.currentTimeMillis();
        if (modelUri != null) {
            return ModelAnnouncement.at(metadata.version(), sha256, modelUri, now)
                    .withBaseline(DriftBaseline.of(metadata));
        }
        if (pmml.length > ModelAnnouncement.MAX_INLINE_PMML_BYTES) {
            throw new TrainingException(pmmlFile + " is " + pmml.length + " bytes, more than the "
                    + ModelAnnouncement.MAX_INLINE_PMML_BYTES
                    + " bytes sent inline: copy it where the job's task managers "
                    + "can read it and pass --model-uri");
        }
        // The training distribution and regimes go along, so the job measures drift against this model after the swap.
        return ModelAnnouncement.inline(metadata.version(), sha256, pmml, now).withBaseline(DriftBaseline.of(metadata));
    }

    /** Sends the announcement, keyed by version, and waits until the broker has it. */
    public static RecordMetadata publish(Properties kafka, String topic, ModelAnnouncement announcement)
            throws TrainingException {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            return producer.send(new ProducerRecord<>(
                            topic,
                            announcement.version().getBytes(StandardCharsets.UTF_8),
                            ModelAnnouncementCodec.toJson(announcement)))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new TrainingException(
                    "cannot announce model " + announcement.version() + " on topic " + topic + " at "
                            + kafka.getProperty("bootstrap.servers") + ": " + cause.getMessage()
                            + " (check --bootstrap-servers and that the topic exists or may be created)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while announcing model " + announcement.version(), e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new TrainingException("cannot announce model " + announcement.version() + ": " + e.getMessage(), e);
        }
    }
}
