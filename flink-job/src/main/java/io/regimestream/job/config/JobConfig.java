package io.regimestream.job.config;

import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.common.config.KafkaClientSettings;
import io.regimestream.model.AnnouncementPolicy;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Everything the scoring pipeline needs to be assembled, whoever assembles it: {@code main} from
 * the command line ({@link JobOptions}, which also holds every default), {@code bin/job}, the demo
 * and the tests ({@link #defaults()} and {@link #with}). It is not shipped to the cluster as a
 * whole (operators get only their own part), and {@link #toString()} masks secrets.
 *
 * @param kafkaProperties        Kafka client settings (bootstrap servers, security); may hold secrets
 * @param modelTopic             control topic of model announcements
 * @param modelStatusTopic       where the job reports what became of each model announcement
 * @param regimeChangeReadings   readings in a row a new regime must hold before it is a regime change (debounce)
 * @param lowConfidenceThreshold predictions with a lower confidence are flagged {@code lowConfidence}; 0 flags none
 * @param influx                 where the InfluxDB sink writes; null when it is off
 * @param checkpointInterval     zero means checkpointing is off
 * @param checkpointTimeout      a checkpoint not complete within this time is declined
 * @param transactionTimeout     Kafka transaction timeout of the exactly-once sink; at most the broker's
 *                               transaction.max.timeout.ms
 * @param topicPartitions        partitions of the topics the job creates at start when they are missing
 * @param topicReplicationFactor replication factor of the topics the job creates; 0 = the broker's default
 * @param producerLinger         the Kafka producer's {@code linger.ms}, unless the Kafka properties set it
 * @param bufferTimeout          Flink's {@code execution.buffer-timeout}
 * @param probabilityRounding    decimal places of confidence and probabilities in the prediction JSON (output only)
 * @param parallelism            zero means the environment's default
 * @param restartAttempts        failures in a row the job recovers from (with exponential back-off) before it gives up
 * @param announcementPolicy     which model announcements are trusted: signing keys and location allow-list
 */
public record JobConfig(Properties kafkaProperties, String inputTopic, String outputTopic, String deadLetterTopic,
                        String modelTopic, String modelStatusTopic, String regimeChangesTopic, int regimeChangeReadings,
                        double lowConfidenceThreshold, String groupId, StartingOffsets startingOffsets,
                        String modelLocation, InfluxSettings influx, DeliveryMode delivery, String transactionalIdPrefix,
                        Duration checkpointInterval, Duration checkpointTimeout, Duration transactionTimeout,
                        int topicPartitions, int topicReplicationFactor, Duration producerLinger,
                        Duration bufferTimeout, ProbabilityRounding probabilityRounding, ValidationRules validation,
                        int parallelism, int restartAttempts, AnnouncementPolicy announcementPolicy) {

    /** Every problem at once, each naming its option, so one start tells all there is to fix. */
    public JobConfig {
        kafkaProperties = copy(kafkaProperties);
        List<String> problems = new ArrayList<>();
        requireSet(problems, "--bootstrap-servers HOST:PORT", kafkaProperties.getProperty("bootstrap.servers"));
        requireSet(problems, "--model PATH_OR_URI", modelLocation);
        requireSet(problems, "--input-topic", inputTopic);
        requireSet(problems, "--output-topic", outputTopic);
        requireSet(problems, "--dlq-topic", deadLetterTopic);
        requireSet(problems, "--model-topic", modelTopic);
        requireSet(problems, "--model-status-topic", modelStatusTopic);
        requireSet(problems, "--regime-changes-topic", regimeChangesTopic);
        requireSet(problems, "--group-id", groupId);
        requireSet(problems, "--transactional-id-prefix", transactionalIdPrefix);
        requireSet(problems, "--starting-offsets", startingOffsets);
        requireSet(problems, "--delivery", delivery);
        requireSet(problems, "--probability-digits", probabilityRounding);
        requireSet(problems, "the validation rules", validation);
        requireSet(problems, "the model announcement policy", announcementPolicy);
        check(problems, regimeChangeReadings >= 1, "--regime-change-readings must be at least 1, was " + regimeChangeReadings);
        check(problems, lowConfidenceThreshold >= 0 && lowConfidenceThreshold <= 1,
                "--low-confidence must be between 0 and 1, was " + lowConfidenceThreshold);
        check(problems, topicPartitions >= 1, "--partitions must be at least 1, was " + topicPartitions);
        check(problems, topicReplicationFactor >= 0 && topicReplicationFactor <= Short.MAX_VALUE,
                "--replication-factor must be 1 or more (0 = the broker's default), was " + topicReplicationFactor);
        check(problems, parallelism >= 0, "--parallelism must be positive, was " + parallelism);
        check(problems, restartAttempts >= 0, "--restart-attempts must not be negative, was " + restartAttempts);
        boolean durationsSet = requireSet(problems, "--checkpoint-interval", checkpointInterval)
                & requireSet(problems, "--checkpoint-timeout", checkpointTimeout)
                & requireSet(problems, "--transaction-timeout", transactionTimeout)
                & requireSet(problems, "--producer-linger", producerLinger)
                & requireSet(problems, "--buffer-timeout", bufferTimeout);
        if (durationsSet) {
            check(problems, !checkpointInterval.isNegative(), "--checkpoint-interval must not be negative, was " + checkpointInterval);
            check(problems, !producerLinger.isNegative(), "--producer-linger must not be negative, was " + producerLinger);
            check(problems, !bufferTimeout.isNegative(), "--buffer-timeout must not be negative, was " + bufferTimeout);
            check(problems, positive(checkpointTimeout), "--checkpoint-timeout must be positive, was " + checkpointTimeout);
            check(problems, positive(transactionTimeout), "--transaction-timeout must be positive, was " + transactionTimeout);
            if (delivery == DeliveryMode.EXACTLY_ONCE) {
                check(problems, !checkpointInterval.isZero(), "--delivery exactly-once needs checkpointing: "
                        + "give a --checkpoint-interval above 0 or use --delivery at-least-once");
                // A transaction stays open from one checkpoint until the next one completes: a shorter timeout aborts it.
                check(problems, transactionTimeout.compareTo(checkpointInterval.plus(checkpointTimeout)) >= 0,
                        "--transaction-timeout (" + transactionTimeout + ") must be at least --checkpoint-interval + "
                                + "--checkpoint-timeout (" + checkpointInterval.plus(checkpointTimeout) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The job as it runs without options (the docker-compose service names), read from no environment. */
    public static JobConfig defaults() {
        return new JobOptions().toConfig();
    }

    /** {@link #defaults()} against the Kafka at {@code bootstrapServers}: how tests and tools start. */
    public static JobConfig defaults(String bootstrapServers) {
        return defaults().withKafka(KafkaClientSettings.of(bootstrapServers).clientProperties());
    }

    /** A copy of the Kafka client settings (bootstrap servers, security); may hold secrets. */
    @Override
    public Properties kafkaProperties() {
        return copy(kafkaProperties);
    }

    public String bootstrapServers() {
        return kafkaProperties.getProperty("bootstrap.servers");
    }

    /** A component of this record named by its accessor, e.g. {@code JobConfig::groupId}. */
    @FunctionalInterface
    public interface Component<T> extends Function<JobConfig, T>, Serializable {
    }

    /**
     * This configuration with one component changed, checked like any other:
     * {@code config.with(JobConfig::delivery, DeliveryMode.AT_LEAST_ONCE)}. The one way to vary a
     * configuration in code, so adding an option needs no new setter.
     */
    public <T> JobConfig with(Component<T> component, T value) {
        String name = accessorName(component);
        RecordComponent[] components = JobConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                boolean target = components[i].getName().equals(name);
                values[i] = target ? value : components[i].getAccessor().invoke(this);
                found |= target;
            }
            if (!found) {
                throw new IllegalArgumentException(name + " is not a component of JobConfig");
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return JobConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            if (e.getCause() instanceof RuntimeException checkFailed) {
                throw checkFailed; // the compact constructor's message, as from the command line
            }
            throw new IllegalStateException("cannot copy JobConfig with " + name, e);
        }
    }

    /** With other Kafka client settings (e.g. SASL/TLS properties besides {@code bootstrap.servers}). */
    public JobConfig withKafka(Properties clientProperties) {
        return with(JobConfig::kafkaProperties, clientProperties);
    }

    /** With the InfluxDB sink writing to {@code settings}, or off when null. */
    public JobConfig withInflux(InfluxSettings settings) {
        return with(JobConfig::influx, settings);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("kafka", KafkaClientSettings.describe(kafkaProperties));
        shown.put("inputTopic", inputTopic);
        shown.put("outputTopic", outputTopic);
        shown.put("deadLetterTopic", deadLetterTopic);
        shown.put("modelTopic", modelTopic);
        shown.put("modelStatusTopic", modelStatusTopic);
        shown.put("regimeChangesTopic", regimeChangesTopic);
        shown.put("regimeChangeReadings", regimeChangeReadings);
        shown.put("lowConfidence", lowConfidenceThreshold);
        shown.put("groupId", groupId);
        shown.put("startingOffsets", startingOffsets.option());
        shown.put("model", modelLocation);
        shown.put("influxdb", influx == null ? "off" : influx);
        shown.put("delivery", delivery.option());
        shown.put("transactionalIdPrefix", transactionalIdPrefix);
        shown.put("checkpointInterval", checkpointInterval.isZero() ? "off" : checkpointInterval);
        shown.put("checkpointTimeout", checkpointTimeout);
        shown.put("transactionTimeout", transactionTimeout);
        shown.put("topics", topicPartitions + " partitions, replication "
                + (topicReplicationFactor == 0 ? "broker default" : topicReplicationFactor));
        shown.put("producerLinger", producerLinger);
        shown.put("bufferTimeout", bufferTimeout);
        shown.put("probabilityDigits", probabilityRounding);
        shown.put("validation", validation);
        shown.put("parallelism", parallelism == 0 ? "default" : parallelism);
        shown.put("restartAttempts", restartAttempts);
        shown.put("modelAnnouncements", announcementPolicy.describe());
        return "JobConfig" + shown;
    }

    private static String accessorName(Component<?> component) {
        try {
            Method writeReplace = component.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return ((SerializedLambda) writeReplace.invoke(component)).getImplMethodName();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("name a component by its accessor, e.g. JobConfig::groupId", e);
        }
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        return copy;
    }

    private static boolean requireSet(List<String> problems, String option, Object value) {
        boolean set = value != null && !value.toString().isBlank();
        check(problems, set, "no " + option + " given");
        return set;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
