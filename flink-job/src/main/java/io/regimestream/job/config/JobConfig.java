package io.regimestream.job.config;

import io.regimestream.common.config.KafkaClientSettings;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.options.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything the scoring pipeline needs to be assembled, whoever assembles it: {@code main} from
 * the command line ({@link JobOptions}, which also holds every default), {@code bin/job}, the demo
 * and the tests ({@link #defaults()} and the {@code with...} methods). Small typed groups, each
 * checked on its own; each factory of the job takes only its group. Flink's own settings
 * (checkpointing, restarts, parallelism, ...) are not here: they come from Flink's configuration. It is not shipped to the
 * cluster as a whole (operators get only their own part), and {@link #toString()} masks secrets.
 *
 * @param kafka         how the job talks to Kafka: client settings, consumer group, delivery
 * @param topics        the job's topics, and the one list of them all
 * @param topicCreation how missing topics are created at start
 * @param model         the model the job starts with and which announcements it trusts
 * @param scoring       low-confidence threshold, regime-change debounce
 * @param validation    what makes a reading scorable
 * @param drift         drift monitoring: window, minimum readings, thresholds; window zero = off
 * @param output        how Kafka records are written
 * @param influx        where the InfluxDB points go (their Kafka topic and the database); null when off
 */
public record JobConfig(
        KafkaSettings kafka,
        Topics topics,
        TopicCreation topicCreation,
        ModelSettings model,
        ScoringSettings scoring,
        ValidationRules validation,
        DriftSettings drift,
        OutputSettings output,
        InfluxSettings influx) {

    public JobConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(topicCreation, "topicCreation");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(output, "output");
    }

    /**
     * The job as it runs without options (the docker-compose service names), read from no environment,
     * but accepting unsigned model announcements as with {@code --allow-unsigned-models} (tests and
     * tools announce unsigned models; the job says so loudly wherever it runs). The command line
     * refuses to start without {@code --model-public-key} or {@code --allow-unsigned-models}; code
     * that runs the job for people (the demo) sets a key with {@link #withModel}.
     */
    public static JobConfig defaults() {
        return new JobOptions().allowingUnsignedModels().toConfig();
    }

    /** {@link #defaults()} against the Kafka at {@code bootstrapServers}: how tests and tools start. */
    public static JobConfig defaults(String bootstrapServers) {
        return defaults()
                .withKafka(k -> k.withClientProperties(
                        KafkaClientSettings.of(bootstrapServers).clientProperties()));
    }

    /**
     * Every Kafka topic this job reads or writes: {@link Topics#all()} and, with InfluxDB on, the
     * points topic ({@link InfluxSettings#pointsTopic()}). What must exist before the job starts.
     */
    public List<String> kafkaTopics() {
        List<String> all = new ArrayList<>(topics.all());
        if (influx != null && !all.contains(influx.pointsTopic())) {
            all.add(influx.pointsTopic());
        }
        return List.copyOf(all);
    }

    public JobConfig withKafka(UnaryOperator<KafkaSettings> change) {
        return new JobConfig(
                change.apply(kafka), topics, topicCreation, model, scoring, validation, drift, output, influx);
    }

    public JobConfig withTopics(UnaryOperator<Topics> change) {
        return new JobConfig(
                kafka, change.apply(topics), topicCreation, model, scoring, validation, drift, output, influx);
    }

    public JobConfig withTopicCreation(TopicCreation creation) {
        return new JobConfig(kafka, topics, creation, model, scoring, validation, drift, output, influx);
    }

    public JobConfig withModel(UnaryOperator<ModelSettings> change) {
        return new JobConfig(
                kafka, topics, topicCreation, change.apply(model), scoring, validation, drift, output, influx);
    }

    public JobConfig withScoring(UnaryOperator<ScoringSettings> change) {
        return new JobConfig(
                kafka, topics, topicCreation, model, change.apply(scoring), validation, drift, output, influx);
    }

    public JobConfig withValidation(ValidationRules rules) {
        return new JobConfig(kafka, topics, topicCreation, model, scoring, rules, drift, output, influx);
    }

    public JobConfig withDrift(DriftSettings settings) {
        return new JobConfig(kafka, topics, topicCreation, model, scoring, validation, settings, output, influx);
    }

    public JobConfig withOutput(OutputSettings settings) {
        return new JobConfig(kafka, topics, topicCreation, model, scoring, validation, drift, settings, influx);
    }

    /** With the InfluxDB points going to {@code settings}, or off when null. */
    public JobConfig withInflux(InfluxSettings settings) {
        return new JobConfig(kafka, topics, topicCreation, model, scoring, validation, drift, output, settings);
    }

    @Override
    public String toString() {
        return "JobConfig[" + kafka + ", " + topics + ", topicCreation=" + topicCreation + ", " + model + ", "
                + scoring + ", " + validation + ", drift=" + (drift.enabled() ? drift : "off") + ", " + output
                + ", influxdb=" + (influx == null ? "off" : influx) + "]";
    }
}
