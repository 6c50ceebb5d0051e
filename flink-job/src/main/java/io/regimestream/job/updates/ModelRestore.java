package io.regimestream.job.updates;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.model.ModelArtifact;
import io.regimestream.model.ModelException;
import io.regimestream.model.ModelLocation;
import io.regimestream.model.RegimeModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Brings back a model a restored task had applied, from what its checkpoint kept
 * ({@link ModelIdentity}): reads the bytes again from where they came from (its normalized
 * location; for an inline model, the announcement itself at its position on the control topic,
 * which must still be the same announcement: the same content digest), checks the sha256 they had
 * and loads them, all as {@link ContainedWork} with a time limit.
 */
public final class ModelRestore {

    private final Properties kafka;
    private final String topic;
    private final Duration limit;

    /**
     * @param kafka the job's Kafka client settings, to read an inline model's announcement again
     * @param topic the control topic
     * @param limit how long reading, and then loading, may take
     */
    public ModelRestore(Properties kafka, String topic, Duration limit) {
        this.kafka = kafka;
        this.topic = topic;
        this.limit = limit;
    }

    /**
     * The model {@code identity} names, read again and loaded.
     *
     * @throws ModelException when it can no longer be read, changed, or no longer loads
     */
    public LoadedModel load(ModelIdentity identity) {
        byte[] pmml = ContainedWork.run(
                identity.source(), "reading " + identity.version() + " again", limit, () -> bytes(identity));
        ModelArtifact artifact = ModelArtifact.verified(
                identity.version(),
                identity.source(),
                identity.sha256(),
                pmml,
                identity.baseline(),
                identity.origin() instanceof ModelIdentity.AtLocation at ? at.uri() : null);
        RegimeModel model = ContainedWork.run(
                identity.source(), "loading " + identity.version(), limit, () -> RegimeModel.load(artifact));
        return new LoadedModel(identity, model);
    }

    private byte[] bytes(ModelIdentity identity) {
        if (identity.origin() instanceof ModelIdentity.AtLocation at) {
            return ModelLocation.parse(at.uri()).readModel();
        }
        if (identity.origin() instanceof ModelIdentity.OnControlTopic on) {
            ModelAnnouncement announcement = ModelAnnouncementCodec.fromJson(record(on));
            if (identity.announcementDigest() != null
                    && !identity.announcementDigest().equals(announcement.contentDigest())) {
                throw new ModelException(
                        identity.source(),
                        "the record at " + topic + "-" + on.partition() + "@" + on.offset()
                                + " is no longer the announcement of " + identity.version()
                                + " (was the topic deleted and created again?)");
            }
            if (!announcement.isInline()) {
                throw new ModelException(identity.source(), "the announcement at its position is not inline");
            }
            return announcement.pmml().getBytes(StandardCharsets.UTF_8);
        }
        return ((ModelIdentity.Embedded) identity.origin()).pmml();
    }

    /** The value of the record at {@code on}, read with a consumer of its own. */
    private byte[] record(ModelIdentity.OnControlTopic on) throws ModelException {
        Properties p = ModelFollower.consumerProperties(kafka, "restore-" + on.partition() + "-" + on.offset());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"); // an offset that is gone must say so
        TopicPartition tp = new TopicPartition(topic, on.partition());
        String where = topic + "-" + on.partition() + "@" + on.offset();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, on.offset());
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() == on.offset()) {
                        return r.value();
                    }
                    throw new ModelException(where, "holds no record any more (compacted away?)");
                }
            }
            throw new ModelException(where, "was not read: the task is stopping");
        } catch (OffsetOutOfRangeException e) {
            throw new ModelException(
                    where,
                    "is no longer on the control topic (its retention deleted it): the inline model it announced "
                            + "cannot be read again; keep the control topic's retention unlimited (retention.ms=-1)");
        }
    }
}
