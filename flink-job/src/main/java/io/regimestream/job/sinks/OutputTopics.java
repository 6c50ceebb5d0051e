package io.regimestream.job.sinks;

import io.regimestream.job.config.Topics;
import io.regimestream.job.records.JobOutput;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetIdentifierProvider;
import org.apache.flink.connector.kafka.sink.TopicSelector;

/**
 * The topic of each kind of output, the one place that pairs them. As the Kafka sink's topic
 * selector it also names all the topics to Flink's lineage, and it gives the sink its name.
 */
public final class OutputTopics implements TopicSelector<JobOutput>, KafkaDatasetIdentifierProvider {

    private static final long serialVersionUID = 1L;

    private final EnumMap<JobOutput.Kind, String> topics = new EnumMap<>(JobOutput.Kind.class);

    /** @param models the control topic, where a task with a canary writes its reports for every task to judge */
    public OutputTopics(
            String predictions,
            String deadLetters,
            String regimeChanges,
            String modelStatuses,
            String modelDrift,
            String models) {
        topics.put(JobOutput.Kind.PREDICTION, predictions);
        topics.put(JobOutput.Kind.DEAD_LETTER, deadLetters);
        topics.put(JobOutput.Kind.REGIME_CHANGE, regimeChanges);
        topics.put(JobOutput.Kind.MODEL_STATUS, modelStatuses);
        topics.put(JobOutput.Kind.MODEL_DRIFT, modelDrift);
        topics.put(JobOutput.Kind.CANARY_REPORT, models);
    }

    public static OutputTopics of(Topics topics) {
        return new OutputTopics(
                topics.predictions(),
                topics.deadLetters(),
                topics.regimeChanges(),
                topics.modelStatus(),
                topics.drift(),
                topics.models());
    }

    @Override
    public String apply(JobOutput out) {
        String topic = topics.get(out.kind());
        if (topic == null) { // drift figures: filtered out before the Kafka sink
            throw new IllegalArgumentException("a " + out.kind() + " output has no Kafka topic");
        }
        return topic;
    }

    /** The topics in the order of {@link JobOutput.Kind}: predictions first. */
    public List<String> all() {
        return List.copyOf(topics.values());
    }

    @Override
    public Optional<DefaultKafkaDatasetIdentifier> getDatasetIdentifier() {
        return Optional.of(DefaultKafkaDatasetIdentifier.ofTopics(all()));
    }
}
