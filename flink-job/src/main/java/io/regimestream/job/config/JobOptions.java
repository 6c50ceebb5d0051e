package io.regimestream.job.config;

import io.regimestream.common.config.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.model.AnnouncementPolicy;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The job's command-line options, shared by {@code flink run} and {@code bin/job}. Every option
 * has an environment variable and a default matching the docker-compose service names.
 */
public class JobOptions {

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--input-topic", paramLabel = "TOPIC",
            defaultValue = "${env:INPUT_TOPIC:-" + PipelineDefaults.READINGS_TOPIC + "}",
            description = "Topic of temperature readings (env INPUT_TOPIC; default: ${DEFAULT-VALUE}).")
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            defaultValue = "${env:OUTPUT_TOPIC:-" + PipelineDefaults.PREDICTIONS_TOPIC + "}",
            description = "Topic the predictions go to (env OUTPUT_TOPIC; default: ${DEFAULT-VALUE}).")
    String outputTopic;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC",
            defaultValue = "${env:DLQ_TOPIC:-" + PipelineDefaults.DEAD_LETTER_TOPIC + "}",
            description = "Topic for records that cannot be scored (env DLQ_TOPIC; default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--model-topic", paramLabel = "TOPIC",
            defaultValue = "${env:MODEL_TOPIC:-" + PipelineDefaults.MODELS_TOPIC + "}",
            description = "Control topic of model announcements; a verified model replaces the current one without a restart "
                    + "(env MODEL_TOPIC; default: ${DEFAULT-VALUE}).")
    String modelTopic;

    @Option(names = "--model-status-topic", paramLabel = "TOPIC",
            defaultValue = "${env:MODEL_STATUS_TOPIC:-" + PipelineDefaults.MODEL_STATUS_TOPIC + "}",
            description = "Topic where the job reports each announced model as activated or rejected, and why "
                    + "(env MODEL_STATUS_TOPIC; default: ${DEFAULT-VALUE}).")
    String modelStatusTopic;

    @Option(names = "--regime-changes-topic", paramLabel = "TOPIC",
            defaultValue = "${env:REGIME_CHANGES_TOPIC:-" + PipelineDefaults.REGIME_CHANGES_TOPIC + "}",
            description = "Topic of per-machine regime-change events (env REGIME_CHANGES_TOPIC; default: ${DEFAULT-VALUE}).")
    String regimeChangesTopic;

    @Option(names = "--regime-change-readings", paramLabel = "N",
            defaultValue = "${env:REGIME_CHANGE_READINGS:-" + JobConfig.DEFAULT_REGIME_CHANGE_READINGS + "}",
            description = "Readings in a row a new regime must hold before a regime change is reported (debounce) "
                    + "(env REGIME_CHANGE_READINGS; default: ${DEFAULT-VALUE}).")
    int regimeChangeReadings;

    @Option(names = "--low-confidence", paramLabel = "PROBABILITY",
            defaultValue = "${env:LOW_CONFIDENCE:-" + JobConfig.DEFAULT_LOW_CONFIDENCE + "}",
            description = "Predictions less confident than this are flagged lowConfidence and counted; 0 = never "
                    + "(env LOW_CONFIDENCE; default: ${DEFAULT-VALUE}).")
    double lowConfidence;

    @Option(names = "--group-id", paramLabel = "ID",
            defaultValue = "${env:GROUP_ID:-" + JobConfig.DEFAULT_GROUP_ID + "}",
            description = "Kafka consumer group; offsets are committed on checkpoints (env GROUP_ID; default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--starting-offsets", paramLabel = "committed|earliest|latest",
            defaultValue = "${env:STARTING_OFFSETS:-committed}",
            description = "Where to start without a checkpoint: the group's committed offsets (earliest where it has none), "
                    + "earliest or latest (env STARTING_OFFSETS; default: ${DEFAULT-VALUE}).")
    String startingOffsets;

    @Option(names = "--model", paramLabel = "PATH_OR_URI",
            defaultValue = "${env:MODEL:-" + PipelineDefaults.MODEL_DIRECTORY + "/" + PipelineDefaults.MODEL_FILE + "}",
            description = "The PMML model: a path, file:// URI or any URI Flink's file systems read; model.json next to it "
                    + "is checked when present (env MODEL; default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--influxdb-url", paramLabel = "URL",
            defaultValue = "${env:INFLUXDB_URL:-" + PipelineDefaults.INFLUXDB_URL + "}",
            description = "InfluxDB 1.x HTTP API (env INFLUXDB_URL; default: ${DEFAULT-VALUE}).")
    String influxUrl;

    @Option(names = "--influxdb-database", paramLabel = "NAME",
            defaultValue = "${env:INFLUXDB_DATABASE:-" + PipelineDefaults.INFLUXDB_DATABASE + "}",
            description = "InfluxDB database, created if missing (env INFLUXDB_DATABASE; default: ${DEFAULT-VALUE}).")
    String influxDatabase;

    @Option(names = "--influxdb-username", paramLabel = "USER", defaultValue = "${env:INFLUXDB_USERNAME}",
            description = "InfluxDB user, when auth is on (env INFLUXDB_USERNAME).")
    String influxUsername;

    @Option(names = "--influxdb-password", paramLabel = "PASSWORD", defaultValue = "${env:INFLUXDB_PASSWORD}",
            description = "InfluxDB password (env INFLUXDB_PASSWORD; prefer the variable: arguments show up in ps). Never logged.")
    String influxPassword;

    @Option(names = "--no-influxdb", description = "Do not write to InfluxDB (Kafka outputs only).")
    boolean noInflux;

    @Option(names = "--delivery", paramLabel = "exactly-once|at-least-once",
            defaultValue = "${env:DELIVERY:-exactly-once}",
            description = "Kafka sink guarantee: exactly-once uses transactions (consumers read with "
                    + "isolation.level=read_committed) and publishes on each checkpoint (env DELIVERY; default: ${DEFAULT-VALUE}).")
    String delivery;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:TRANSACTIONAL_ID_PREFIX:-" + JobConfig.DEFAULT_TRANSACTIONAL_ID_PREFIX + "}",
            description = "Prefix of the Kafka transactional ids in exactly-once mode; unique per job on a cluster "
                    + "(env TRANSACTIONAL_ID_PREFIX; default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
            defaultValue = "${env:CHECKPOINT_INTERVAL:-10s}",
            description = "Checkpoint every DURATION, e.g. 10s, 500ms, 1min; 0 turns checkpointing off "
                    + "(only with at-least-once) (env CHECKPOINT_INTERVAL; default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--shadow-report-interval", paramLabel = "DURATION",
            defaultValue = "${env:SHADOW_REPORT_INTERVAL:-10s}",
            description = "How often each scoring task with a shadow model reports how it compares with the active model "
                    + "(status topic and InfluxDB model_shadow) (env SHADOW_REPORT_INTERVAL; default: ${DEFAULT-VALUE}).")
    String shadowReportInterval;

    @Option(names = "--checkpoint-timeout", paramLabel = "DURATION",
            defaultValue = "${env:CHECKPOINT_TIMEOUT:-5min}",
            description = "A checkpoint not complete within DURATION is declined; an InfluxDB outage delays checkpoints "
                    + "(env CHECKPOINT_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String checkpointTimeout;

    @Option(names = "--transaction-timeout", paramLabel = "DURATION",
            defaultValue = "${env:TRANSACTION_TIMEOUT:-10min}",
            description = "Kafka transaction timeout in exactly-once mode: at least --checkpoint-interval + "
                    + "--checkpoint-timeout, at most the broker's transaction.max.timeout.ms (15min by default) "
                    + "(env TRANSACTION_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String transactionTimeout;

    @Option(names = "--partitions", paramLabel = "P",
            defaultValue = "${env:TOPIC_PARTITIONS:-" + JobConfig.DEFAULT_TOPIC_PARTITIONS + "}",
            description = "Partitions of the job's topics it creates at start when they are missing "
                    + "(env TOPIC_PARTITIONS; default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "R",
            defaultValue = "${env:TOPIC_REPLICATION_FACTOR:-0}",
            description = "Replication factor of the topics the job creates; 0 = the broker's default "
                    + "(env TOPIC_REPLICATION_FACTOR; default: ${DEFAULT-VALUE}).")
    int replicationFactor;
    @Option(names = "--producer-linger", paramLabel = "DURATION",
            defaultValue = "${env:PRODUCER_LINGER:-5ms}",
            description = "How long the Kafka producer waits to fill a batch (linger.ms): more throughput for a little "
                    + "latency; a linger.ms in the Kafka properties wins (env PRODUCER_LINGER; default: ${DEFAULT-VALUE}).")
    String producerLinger;

    @Option(names = "--buffer-timeout", paramLabel = "DURATION",
            defaultValue = "${env:BUFFER_TIMEOUT:-5ms}",
            description = "Flink's execution.buffer-timeout: a partly filled network buffer is sent after this long "
                    + "(env BUFFER_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String bufferTimeout;

    @Option(names = "--probability-digits", paramLabel = "N",
            defaultValue = "${env:PROBABILITY_DIGITS:-0}",
            description = "Write confidence and probabilities in the prediction JSON rounded to N decimal places "
                    + "(e.g. 4: 0.9731), about 70 bytes (a fifth) fewer per prediction; 0 = full precision. "
                    + "Output formatting only: regime and lowConfidence are decided on full-precision values, "
                    + "InfluxDB points are unchanged (env PROBABILITY_DIGITS; default: ${DEFAULT-VALUE}).")
    int probabilityDigits;

    @Option(names = "--restart-attempts", paramLabel = "N",
            defaultValue = "${env:RESTART_ATTEMPTS:-" + JobConfig.DEFAULT_RESTART_ATTEMPTS + "}",
            description = "Failures in a row the job recovers from, with back-off 1 s doubling up to 1 min; "
                    + "0 = fail at the first error (env RESTART_ATTEMPTS; default: ${DEFAULT-VALUE}).")
    int restartAttempts;

    @Option(names = "--min-temperature", paramLabel = "CELSIUS",
            defaultValue = "${env:MIN_TEMPERATURE:-" + ValidationRules.DEFAULT_MIN_TEMPERATURE + "}",
            description = "Lowest plausible temperature; colder readings are dead letters (out_of_range) "
                    + "(env MIN_TEMPERATURE; default: ${DEFAULT-VALUE}).")
    double minTemperature;

    @Option(names = "--max-temperature", paramLabel = "CELSIUS",
            defaultValue = "${env:MAX_TEMPERATURE:-" + ValidationRules.DEFAULT_MAX_TEMPERATURE + "}",
            description = "Highest plausible temperature (env MAX_TEMPERATURE; default: ${DEFAULT-VALUE}).")
    double maxTemperature;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES",
            defaultValue = "${env:MAX_MESSAGE_BYTES:-" + ValidationRules.DEFAULT_MAX_MESSAGE_BYTES + "}",
            description = "Larger messages are dead letters (oversized), never parsed (env MAX_MESSAGE_BYTES; default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--max-event-time-skew", paramLabel = "PAST[,FUTURE]",
            defaultValue = "${env:MAX_EVENT_TIME_SKEW:-" + EventTimeSkew.DEFAULT_OPTION + "}",
            description = "Readings whose event time lies further before/after the processing time are dead letters "
                    + "(invalid_timestamp), e.g. 7d,1h or 30d; 0 or none = no limit, e.g. to replay old data "
                    + "(env MAX_EVENT_TIME_SKEW; default: ${DEFAULT-VALUE}).")
    String maxEventTimeSkew;
    // ---- trust in model announcements (kept together)

    @Option(names = "--model-public-key", paramLabel = "FILE", split = ",", defaultValue = "${env:MODEL_PUBLIC_KEY}",
            description = "Accept only model announcements signed with the private half of one of these Ed25519 public keys "
                    + "(X.509 PEM files, comma-separated to trust a new key beside the old one while rotating); without it "
                    + "unsigned announcements are accepted and the job warns at start (env MODEL_PUBLIC_KEY).")
    List<Path> modelPublicKeys;

    @Option(names = "--model-location-allow", paramLabel = "PREFIX", split = ",", defaultValue = "${env:MODEL_LOCATION_ALLOW}",
            description = "Announced models may be read from locations under these URI prefixes, e.g. file:///models/,s3://bucket/models/ "
                    + "(compared after normalizing . .. and %%-escapes); without it only inline models are accepted "
                    + "(env MODEL_LOCATION_ALLOW).")
    List<String> modelLocationAllow;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "${env:PARALLELISM:-0}",
            description = "Parallelism of the job; 0 = the cluster's default (env PARALLELISM; default: ${DEFAULT-VALUE}).")
    int parallelism;

    /**
     * The options as a configuration.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public JobConfig toConfig() {
        return JobConfig.builder()
                .kafka(kafka.clientProperties())
                .topics(inputTopic, outputTopic, deadLetterTopic)
                .modelTopics(modelTopic, modelStatusTopic, regimeChangesTopic)
                .regimeChangeReadings(regimeChangeReadings)
                .lowConfidenceThreshold(lowConfidence)
                .groupId(groupId)
                .startingOffsets(StartingOffsets.parse(startingOffsets))
                .model(model)
                .influx(noInflux ? null : new InfluxSettings(influxUrl, influxDatabase, blankToNull(influxUsername),
                        blankToNull(influxPassword)))
                .delivery(DeliveryMode.parse(delivery))
                .transactionalIdPrefix(transactionalIdPrefix)
                .checkpointInterval(parseDuration("--checkpoint-interval", checkpointInterval))
                .checkpointTimeout(parseDuration("--checkpoint-timeout", checkpointTimeout))
                .shadowReportInterval(parseDuration("--shadow-report-interval", shadowReportInterval))
                .transactionTimeout(parseDuration("--transaction-timeout", transactionTimeout))
                .topicLayout(partitions, replicationFactor)
                .producerLinger(parseDuration("--producer-linger", producerLinger))
                .bufferTimeout(parseDuration("--buffer-timeout", bufferTimeout))
                .probabilityDigits(probabilityDigits)
                .restartAttempts(restartAttempts)
                .validation(new ValidationRules(minTemperature, maxTemperature, maxMessageBytes,
                        EventTimeSkew.parse(maxEventTimeSkew)))
                .parallelism(parallelism)
                .announcementPolicy(AnnouncementPolicy.load(nonNull(modelPublicKeys), nonNull(modelLocationAllow)))
                .build();
    }

    private static Duration parseDuration(String option, String text) {
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration like 10s, 500ms or 1min");
        }
    }

    /** The values given; none when the option (or its variable) is unset or blank. */
    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(v -> !v.toString().isBlank()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
