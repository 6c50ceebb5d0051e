package io.regimestream.job.config;

import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.common.config.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.model.AnnouncementPolicy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the scoring pipeline needs to be assembled, whoever assembles it: {@code main} from
 * the command line, {@code bin/job}, the demo and the tests. It is not shipped to the cluster as a
 * whole (operators get only their own part), and {@link #toString()} masks secrets.
 */
public final class JobConfig {

    public static final String DEFAULT_GROUP_ID = "regime-scoring";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "regime-scoring";
    public static final int DEFAULT_RESTART_ATTEMPTS = 10;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** Below the broker's default transaction.max.timeout.ms (15 min), which a longer timeout would exceed. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);
    /**
     * A checkpoint not complete by then is declined. Half of Flink's 10 min, so that a Kafka
     * transaction (open from one checkpoint until the next completes) stays within its 10 min timeout.
     */
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(5);
    /** Partitions of the topics the job creates when they are missing, as the producer's --partitions. */
    public static final int DEFAULT_TOPIC_PARTITIONS = 4;
    /** Replication factor of the topics the job creates; 0 = the broker's default. */
    public static final short BROKER_DEFAULT_REPLICATION = 0;
    /** A new regime must hold this many readings in a row before it counts as a change. */
    public static final int DEFAULT_REGIME_CHANGE_READINGS = 3;
    /** Predictions less confident than this are flagged: between two regimes or unlike the training data. */
    public static final double DEFAULT_LOW_CONFIDENCE = 0.6;
    /** The producer waits this long to fill a batch: a lot more throughput for a few ms of latency. */
    public static final Duration DEFAULT_PRODUCER_LINGER = Duration.ofMillis(5);
    /** A partly filled network buffer is sent after this long (only between tasks: the job is one chain). */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(5);

    private final Properties kafkaProperties;
    private final String inputTopic;
    private final String outputTopic;
    private final String deadLetterTopic;
    private final String modelTopic;
    private final String modelStatusTopic;
    private final String regimeChangesTopic;
    private final int regimeChangeReadings;
    private final double lowConfidenceThreshold;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final boolean bounded;
    private final String modelLocation;
    private final InfluxSettings influx;
    private final DeliveryMode delivery;
    private final String transactionalIdPrefix;
    private final Duration checkpointInterval;
    private final Duration checkpointTimeout;
    private final Duration transactionTimeout;
    private final int topicPartitions;
    private final short topicReplicationFactor;
    private final Duration producerLinger;
    private final Duration bufferTimeout;
    private final ProbabilityRounding probabilityRounding;
    private final ValidationRules validation;
    private final int parallelism;
    private final int restartAttempts;
    private final AnnouncementPolicy announcementPolicy;
    private final Duration shadowReportInterval;

    private JobConfig(Builder b) {
        this.kafkaProperties = new Properties();
        this.kafkaProperties.putAll(Objects.requireNonNull(b.kafkaProperties, "kafka properties"));
        if (!kafkaProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: pass --bootstrap-servers HOST:PORT");
        }
        this.inputTopic = b.inputTopic;
        this.outputTopic = b.outputTopic;
        this.deadLetterTopic = b.deadLetterTopic;
        this.modelTopic = b.modelTopic;
        this.modelStatusTopic = b.modelStatusTopic;
        this.regimeChangesTopic = b.regimeChangesTopic;
        this.regimeChangeReadings = b.regimeChangeReadings;
        this.lowConfidenceThreshold = b.lowConfidenceThreshold;
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.bounded = b.bounded;
        this.modelLocation = Objects.requireNonNull(b.modelLocation, "no model: pass --model PATH_OR_URI");
        this.influx = b.influx;
        this.delivery = b.delivery;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.checkpointInterval = b.checkpointInterval;
        this.checkpointTimeout = b.checkpointTimeout;
        this.transactionTimeout = b.transactionTimeout;
        this.topicPartitions = b.topicPartitions;
        this.topicReplicationFactor = b.topicReplicationFactor;
        this.producerLinger = b.producerLinger;
        this.bufferTimeout = b.bufferTimeout;
        this.probabilityRounding = b.probabilityRounding;
        this.validation = b.validation;
        this.parallelism = b.parallelism;
        this.restartAttempts = b.restartAttempts;
        this.announcementPolicy = b.announcementPolicy;
        this.shadowReportInterval = b.shadowReportInterval;
        if (checkpointInterval.isZero() && delivery == DeliveryMode.EXACTLY_ONCE) {
            throw new IllegalArgumentException("--delivery exactly-once needs checkpointing: "
                    + "give a --checkpoint-interval above 0 or use --delivery at-least-once");
        }
        if (delivery == DeliveryMode.EXACTLY_ONCE && transactionTimeout.compareTo(checkpointInterval.plus(checkpointTimeout)) < 0) {
            // A transaction stays open from one checkpoint until the next one completes: a shorter timeout aborts it.
            throw new IllegalArgumentException("--transaction-timeout (" + transactionTimeout + ") must be at least "
                    + "--checkpoint-interval + --checkpoint-timeout (" + checkpointInterval.plus(checkpointTimeout) + ")");
        }
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder().kafka(new KafkaClientOptions(bootstrapServers, Map.of()).clientProperties());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy of the Kafka client settings (bootstrap servers, security); may hold secrets. */
    public Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafkaProperties);
        return copy;
    }

    public String bootstrapServers() {
        return kafkaProperties.getProperty("bootstrap.servers");
    }

    public String inputTopic() {
        return inputTopic;
    }

    public String outputTopic() {
        return outputTopic;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** Control topic of model announcements. */
    public String modelTopic() {
        return modelTopic;
    }

    /** Where the job reports what became of each model announcement. */
    public String modelStatusTopic() {
        return modelStatusTopic;
    }

    public String regimeChangesTopic() {
        return regimeChangesTopic;
    }

    /** Readings in a row a new regime must hold before it is a regime change (debounce). */
    public int regimeChangeReadings() {
        return regimeChangeReadings;
    }

    /** Predictions with a lower confidence are flagged {@code lowConfidence}; 0 flags none. */
    public double lowConfidenceThreshold() {
        return lowConfidenceThreshold;
    }

    public String groupId() {
        return groupId;
    }

    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    /** True when the source stops at the end offsets seen at start (tests, replays of a topic). */
    public boolean bounded() {
        return bounded;
    }

    public String modelLocation() {
        return modelLocation;
    }

    /** Null when the InfluxDB sinks are off. */
    public InfluxSettings influx() {
        return influx;
    }

    public DeliveryMode delivery() {
        return delivery;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** Zero means checkpointing is off. */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** A checkpoint not complete within this time is declined. */
    public Duration checkpointTimeout() {
        return checkpointTimeout;
    }

    /** Kafka transaction timeout of the exactly-once sinks; at most the broker's transaction.max.timeout.ms. */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** Partitions of the topics the job creates at start when they are missing. */
    public int topicPartitions() {
        return topicPartitions;
    }

    /** Replication factor of the topics the job creates; {@link #BROKER_DEFAULT_REPLICATION} = the broker's. */
    public short topicReplicationFactor() {
        return topicReplicationFactor;
    }

    /** The Kafka producer's {@code linger.ms}, unless the Kafka properties set it. */
    public Duration producerLinger() {
        return producerLinger;
    }

    /** Flink's {@code execution.buffer-timeout}. */
    public Duration bufferTimeout() {
        return bufferTimeout;
    }

    /** Decimal places of confidence and probabilities in the prediction JSON (output only; full by default). */
    public ProbabilityRounding probabilityRounding() {
        return probabilityRounding;
    }

    public ValidationRules validation() {
        return validation;
    }

    /** Zero means the environment's default. */
    public int parallelism() {
        return parallelism;
    }

    /** Failures in a row the job recovers from (with exponential back-off) before it gives up. */
    public int restartAttempts() {
        return restartAttempts;
    }

    /** Which model announcements are trusted: signing keys and location allow-list. */
    public AnnouncementPolicy announcementPolicy() {
        return announcementPolicy;
    }

    /** How often a scoring task with a shadow model reports how it compares with the active one. */
    public Duration shadowReportInterval() {
        return shadowReportInterval;
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        kafkaProperties.forEach((k, v) -> kafka.put(k.toString(),
                KafkaClientOptions.isSecret(k.toString()) ? "******" : v.toString()));
        shown.put("kafka", kafka);
        shown.put("inputTopic", inputTopic);
        shown.put("outputTopic", outputTopic);
        shown.put("deadLetterTopic", deadLetterTopic);
        shown.put("modelTopic", modelTopic);
        shown.put("modelStatusTopic", modelStatusTopic);
        shown.put("regimeChangesTopic", regimeChangesTopic);
        shown.put("regimeChangeReadings", regimeChangeReadings);
        shown.put("lowConfidence", lowConfidenceThreshold);
        shown.put("groupId", groupId);
        shown.put("startingOffsets", startingOffsets.option() + (bounded ? " (bounded)" : ""));
        shown.put("model", modelLocation);
        shown.put("influxdb", influx == null ? "off" : influx);
        shown.put("delivery", delivery.option());
        shown.put("checkpointInterval", checkpointInterval.isZero() ? "off" : checkpointInterval);
        shown.put("checkpointTimeout", checkpointTimeout);
        shown.put("transactionTimeout", transactionTimeout);
        shown.put("topics", topicPartitions + " partitions, replication "
                + (topicReplicationFactor == BROKER_DEFAULT_REPLICATION ? "broker default" : topicReplicationFactor));
        shown.put("producerLinger", producerLinger);
        shown.put("bufferTimeout", bufferTimeout);
        shown.put("probabilityDigits", probabilityRounding);
        shown.put("validation", validation);
        shown.put("parallelism", parallelism == 0 ? "default" : parallelism);
        shown.put("restartAttempts", restartAttempts);
        shown.put("modelAnnouncements", announcementPolicy.describe());
        shown.put("shadowReportInterval", shadowReportInterval);
        return "JobConfig" + shown;
    }

    public static final class Builder {
        private Properties kafkaProperties;
        private String inputTopic = PipelineDefaults.READINGS_TOPIC;
        private String outputTopic = PipelineDefaults.PREDICTIONS_TOPIC;
        private String deadLetterTopic = PipelineDefaults.DEAD_LETTER_TOPIC;
        private String modelTopic = PipelineDefaults.MODELS_TOPIC;
        private String modelStatusTopic = PipelineDefaults.MODEL_STATUS_TOPIC;
        private String regimeChangesTopic = PipelineDefaults.REGIME_CHANGES_TOPIC;
        private int regimeChangeReadings = DEFAULT_REGIME_CHANGE_READINGS;
        private double lowConfidenceThreshold = DEFAULT_LOW_CONFIDENCE;
        private String groupId = DEFAULT_GROUP_ID;
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
        private boolean bounded;
        private String modelLocation;
        private InfluxSettings influx;
        private DeliveryMode delivery = DeliveryMode.EXACTLY_ONCE;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Duration checkpointTimeout = DEFAULT_CHECKPOINT_TIMEOUT;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private int topicPartitions = DEFAULT_TOPIC_PARTITIONS;
        private short topicReplicationFactor = BROKER_DEFAULT_REPLICATION;
        private Duration producerLinger = DEFAULT_PRODUCER_LINGER;
        private Duration bufferTimeout = DEFAULT_BUFFER_TIMEOUT;
        private ProbabilityRounding probabilityRounding = ProbabilityRounding.FULL;
        private ValidationRules validation = ValidationRules.defaults();
        private int parallelism;
        private int restartAttempts = DEFAULT_RESTART_ATTEMPTS;
        private AnnouncementPolicy announcementPolicy = AnnouncementPolicy.unsignedInlineOnly();
        private Duration shadowReportInterval = ScoreReadings.DEFAULT_SHADOW_REPORT_INTERVAL;

        private Builder() {
        }

        public Builder kafka(Properties clientProperties) {
            this.kafkaProperties = clientProperties;
            return this;
        }

        public Builder topics(String input, String output, String deadLetters) {
            this.inputTopic = Objects.requireNonNull(input);
            this.outputTopic = Objects.requireNonNull(output);
            this.deadLetterTopic = Objects.requireNonNull(deadLetters);
            return this;
        }

        /** The control topic of model announcements, the status topic and the regime-change topic. */
        public Builder modelTopics(String models, String modelStatus, String regimeChanges) {
            this.modelTopic = Objects.requireNonNull(models);
            this.modelStatusTopic = Objects.requireNonNull(modelStatus);
            this.regimeChangesTopic = Objects.requireNonNull(regimeChanges);
            return this;
        }

        public Builder regimeChangeReadings(int readings) {
            if (readings < 1) {
                throw new IllegalArgumentException("--regime-change-readings must be at least 1, was " + readings);
            }
            this.regimeChangeReadings = readings;
            return this;
        }

        public Builder lowConfidenceThreshold(double threshold) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("--low-confidence must be between 0 and 1, was " + threshold);
            }
            this.lowConfidenceThreshold = threshold;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId);
            return this;
        }

        public Builder startingOffsets(StartingOffsets startingOffsets) {
            this.startingOffsets = Objects.requireNonNull(startingOffsets);
            return this;
        }

        public Builder bounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        public Builder model(String location) {
            this.modelLocation = location;
            return this;
        }

        /** Null turns the InfluxDB sinks off. */
        public Builder influx(InfluxSettings influx) {
            this.influx = influx;
            return this;
        }

        public Builder delivery(DeliveryMode delivery) {
            this.delivery = Objects.requireNonNull(delivery);
            return this;
        }

        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = Objects.requireNonNull(prefix);
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = notNegative("--checkpoint-interval", interval);
            return this;
        }

        public Builder checkpointTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("--checkpoint-timeout must be positive, was " + timeout);
            }
            this.checkpointTimeout = timeout;
            return this;
        }

        public Builder transactionTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("--transaction-timeout must be positive, was " + timeout);
            }
            this.transactionTimeout = timeout;
            return this;
        }

        /** Partitions and replication factor (0 = the broker's default) of topics the job creates at start. */
        public Builder topicLayout(int partitions, int replicationFactor) {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, was " + partitions);
            }
            if (replicationFactor < 0 || replicationFactor > Short.MAX_VALUE) {
                throw new IllegalArgumentException("--replication-factor must be 1 or more (0 = the broker's default), was "
                        + replicationFactor);
            }
            this.topicPartitions = partitions;
            this.topicReplicationFactor = (short) replicationFactor;
            return this;
        }

        public Builder producerLinger(Duration linger) {
            this.producerLinger = notNegative("--producer-linger", linger);
            return this;
        }

        public Builder bufferTimeout(Duration timeout) {
            this.bufferTimeout = notNegative("--buffer-timeout", timeout);
            return this;
        }

        /** 0 = full precision; N = confidence and probabilities written rounded to N decimal places. */
        public Builder probabilityDigits(int digits) {
            this.probabilityRounding = ProbabilityRounding.digits(digits);
            return this;
        }

        private static Duration notNegative(String option, Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException(option + " must not be negative, was " + duration);
            }
            return duration;
        }

        public Builder validation(ValidationRules validation) {
            this.validation = Objects.requireNonNull(validation);
            return this;
        }

        public Builder parallelism(int parallelism) {
            if (parallelism < 0) {
                throw new IllegalArgumentException("--parallelism must be positive, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        public Builder restartAttempts(int attempts) {
            if (attempts < 0) {
                throw new IllegalArgumentException("--restart-attempts must not be negative, was " + attempts);
            }
            this.restartAttempts = attempts;
            return this;
        }

        /** Keys and location allow-list for model announcements; default: unsigned, inline only. */
        public Builder announcementPolicy(AnnouncementPolicy policy) {
            this.announcementPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder shadowReportInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("--shadow-report-interval must be positive, was " + interval);
            }
            this.shadowReportInterval = interval;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(this);
        }
    }
}
