package io.regimestream.job.config;

import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.common.config.KafkaClientSettings;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.model.AnnouncementPolicy;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * Everything the scoring pipeline needs to be assembled, whoever assembles it: {@code main} from
 * the command line ({@link Options}, below, which also holds every default), {@code bin/job}, the demo
 * and the tests ({@link #defaults()} and {@link #with}). It is not shipped to the cluster as a
 * whole (operators get only their own part), and {@link #toString()} masks secrets.
 *
 * <p>Adding an option is a change to this file only: a component here, its option (with its
 * default) in {@link Options} and its place in {@link Options#toConfig()}.
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
 * @param shadowReportInterval   how often a scoring task with a shadow model reports how it compares with the active one
 * @param driftTopic             where model-drift events go
 * @param drift                  drift monitoring: window, minimum readings, thresholds; window zero = off
 */
public record JobConfig(
        Properties kafkaProperties,
        String inputTopic,
        String outputTopic,
        String deadLetterTopic,
        String modelTopic,
        String modelStatusTopic,
        String regimeChangesTopic,
        int regimeChangeReadings,
        double lowConfidenceThreshold,
        String groupId,
        StartingOffsets startingOffsets,
        String modelLocation,
        InfluxSettings influx,
        DeliveryMode delivery,
        String transactionalIdPrefix,
        Duration checkpointInterval,
        Duration checkpointTimeout,
        Duration transactionTimeout,
        int topicPartitions,
        int topicReplicationFactor,
        Duration producerLinger,
        Duration bufferTimeout,
        ProbabilityRounding probabilityRounding,
        ValidationRules validation,
        int parallelism,
        int restartAttempts,
        AnnouncementPolicy announcementPolicy,
        Duration shadowReportInterval,
        String driftTopic,
        DriftSettings drift) {

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
        requireSet(problems, "--drift-topic", driftTopic);
        requireSet(problems, "the drift settings", drift);
        check(
                problems,
                regimeChangeReadings >= 1,
                "--regime-change-readings must be at least 1, was " + regimeChangeReadings);
        check(
                problems,
                lowConfidenceThreshold >= 0 && lowConfidenceThreshold <= 1,
                "--low-confidence must be between 0 and 1, was " + lowConfidenceThreshold);
        check(problems, topicPartitions >= 1, "--partitions must be at least 1, was " + topicPartitions);
        check(
                problems,
                topicReplicationFactor >= 0 && topicReplicationFactor <= Short.MAX_VALUE,
                "--replication-factor must be 1 or more (0 = the broker's default), was " + topicReplicationFactor);
        check(problems, parallelism >= 0, "--parallelism must be positive, was " + parallelism);
        check(problems, restartAttempts >= 0, "--restart-attempts must not be negative, was " + restartAttempts);
        boolean durationsSet = requireSet(problems, "--checkpoint-interval", checkpointInterval)
                & requireSet(problems, "--checkpoint-timeout", checkpointTimeout)
                & requireSet(problems, "--transaction-timeout", transactionTimeout)
                & requireSet(problems, "--producer-linger", producerLinger)
                & requireSet(problems, "--buffer-timeout", bufferTimeout)
                & requireSet(problems, "--shadow-report-interval", shadowReportInterval);
        if (durationsSet) {
            check(
                    problems,
                    !checkpointInterval.isNegative(),
                    "--checkpoint-interval must not be negative, was " + checkpointInterval);
            check(
                    problems,
                    !producerLinger.isNegative(),
                    "--producer-linger must not be negative, was " + producerLinger);
            check(problems, !bufferTimeout.isNegative(), "--buffer-timeout must not be negative, was " + bufferTimeout);
            check(
                    problems,
                    positive(checkpointTimeout),
                    "--checkpoint-timeout must be positive, was " + checkpointTimeout);
            check(
                    problems,
                    positive(transactionTimeout),
                    "--transaction-timeout must be positive, was " + transactionTimeout);
            check(
                    problems,
                    positive(shadowReportInterval),
                    "--shadow-report-interval must be positive, was " + shadowReportInterval);
            if (delivery == DeliveryMode.EXACTLY_ONCE) {
                check(
                        problems,
                        !checkpointInterval.isZero(),
                        "--delivery exactly-once needs checkpointing: "
                                + "give a --checkpoint-interval above 0 or use --delivery at-least-once");
                // A transaction stays open from one checkpoint until the next one completes: a shorter timeout aborts
                // it.
                check(
                        problems,
                        transactionTimeout.compareTo(checkpointInterval.plus(checkpointTimeout)) >= 0,
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
        return new Options().toConfig();
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
    public interface Component<T> extends Function<JobConfig, T>, Serializable {}

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
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
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
        shown.put(
                "topics",
                topicPartitions + " partitions, replication "
                        + (topicReplicationFactor == 0 ? "broker default" : topicReplicationFactor));
        shown.put("producerLinger", producerLinger);
        shown.put("bufferTimeout", bufferTimeout);
        shown.put("probabilityDigits", probabilityRounding);
        shown.put("validation", validation);
        shown.put("parallelism", parallelism == 0 ? "default" : parallelism);
        shown.put("restartAttempts", restartAttempts);
        shown.put("modelAnnouncements", announcementPolicy.describe());
        shown.put("shadowReportInterval", shadowReportInterval);
        shown.put("driftTopic", driftTopic);
        shown.put("drift", drift.enabled() ? drift : "off");
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

    // ---------------------------------------------------------------- the command line

    /**
     * The job's command-line options, shared by {@code flink run} and {@code bin/job}, bound to
     * the record. Every option has an environment variable ({@code defaultValue}) and a default,
     * stated once: the field's initial value, which {@code --help} shows and {@link #defaults()}
     * is made of ({@link Defaults}). They match the docker-compose service names.
     */
    public static class Options {

        /**
         * Makes the initial values the defaults picocli applies and shows ({@code ${DEFAULT-VALUE}}),
         * unless the option's environment variable is set. A command that mixes in {@link Options}
         * names it: {@code @Command(defaultValueProvider = JobConfig.Options.Defaults.class)}.
         */
        public static final class Defaults implements IDefaultValueProvider {
            @Override
            public String defaultValue(ArgSpec option) {
                if (option.defaultValue() != null) {
                    return null; // the environment variable (or the annotation's own default) wins
                }
                Object initial = option.initialValue();
                boolean none = initial == null
                        || initial instanceof Collection<?> c && c.isEmpty()
                        || initial instanceof Map<?, ?> m && m.isEmpty();
                return none ? null : String.valueOf(initial);
            }
        }

        @Mixin
        KafkaClientOptions kafka = new KafkaClientOptions();

        @Option(
                names = "--input-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:INPUT_TOPIC}",
                description = "Topic of temperature readings (env INPUT_TOPIC; default: ${DEFAULT-VALUE}).")
        String inputTopic = PipelineDefaults.READINGS_TOPIC;

        @Option(
                names = "--output-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:OUTPUT_TOPIC}",
                description = "Topic the predictions go to (env OUTPUT_TOPIC; default: ${DEFAULT-VALUE}).")
        String outputTopic = PipelineDefaults.PREDICTIONS_TOPIC;

        @Option(
                names = "--dlq-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:DLQ_TOPIC}",
                description = "Topic for records that cannot be scored (env DLQ_TOPIC; default: ${DEFAULT-VALUE}).")
        String deadLetterTopic = PipelineDefaults.DEAD_LETTER_TOPIC;

        @Option(
                names = "--model-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:MODEL_TOPIC}",
                description =
                        "Control topic of model announcements; a verified model replaces the current one without a restart "
                                + "(env MODEL_TOPIC; default: ${DEFAULT-VALUE}).")
        String modelTopic = PipelineDefaults.MODELS_TOPIC;

        @Option(
                names = "--model-status-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:MODEL_STATUS_TOPIC}",
                description = "Topic where the job reports each announced model as activated or rejected, and why "
                        + "(env MODEL_STATUS_TOPIC; default: ${DEFAULT-VALUE}).")
        String modelStatusTopic = PipelineDefaults.MODEL_STATUS_TOPIC;

        @Option(
                names = "--regime-changes-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:REGIME_CHANGES_TOPIC}",
                description =
                        "Topic of per-machine regime-change events (env REGIME_CHANGES_TOPIC; default: ${DEFAULT-VALUE}).")
        String regimeChangesTopic = PipelineDefaults.REGIME_CHANGES_TOPIC;

        @Option(
                names = "--regime-change-readings",
                paramLabel = "N",
                defaultValue = "${env:REGIME_CHANGE_READINGS}",
                description = "Readings in a row a new regime must hold before a regime change is reported (debounce) "
                        + "(env REGIME_CHANGE_READINGS; default: ${DEFAULT-VALUE}).")
        int regimeChangeReadings = 3;

        @Option(
                names = "--low-confidence",
                paramLabel = "PROBABILITY",
                defaultValue = "${env:LOW_CONFIDENCE}",
                description = "Predictions less confident than this are flagged lowConfidence and counted; 0 = never "
                        + "(env LOW_CONFIDENCE; default: ${DEFAULT-VALUE}).")
        double lowConfidence = 0.6;

        @Option(
                names = "--drift-topic",
                paramLabel = "TOPIC",
                defaultValue = "${env:DRIFT_TOPIC}",
                description = "Topic of model-drift events (env DRIFT_TOPIC; default: ${DEFAULT-VALUE}).")
        String driftTopic = PipelineDefaults.MODEL_DRIFT_TOPIC;

        @Option(
                names = "--drift-window",
                paramLabel = "DURATION",
                defaultValue = "${env:DRIFT_WINDOW}",
                description =
                        "Sliding window of the drift figures (model_health), evaluated every half window on processing "
                                + "time; 0 = no drift monitoring (env DRIFT_WINDOW; default: ${DEFAULT-VALUE}).")
        String driftWindow = DriftSettings.DEFAULT_WINDOW_OPTION;

        @Option(
                names = "--drift-min-readings",
                paramLabel = "N",
                defaultValue = "${env:DRIFT_MIN_READINGS}",
                description = "A window with fewer readings (of a machine, or of a task overall) has no drift figures: "
                        + "PSI of few readings is noise (env DRIFT_MIN_READINGS; default: ${DEFAULT-VALUE}).")
        int driftMinReadings = DriftSettings.DEFAULT_MIN_READINGS;

        @Option(
                names = "--drift-psi-threshold",
                paramLabel = "PSI",
                defaultValue = "${env:DRIFT_PSI_THRESHOLD}",
                description = "A window's population stability index above this raises a model-drift event "
                        + "(env DRIFT_PSI_THRESHOLD; default: ${DEFAULT-VALUE}).")
        double driftPsiThreshold = DriftSettings.DEFAULT_PSI_THRESHOLD;

        @Option(
                names = "--drift-out-of-range-threshold",
                paramLabel = "SHARE",
                defaultValue = "${env:DRIFT_OUT_OF_RANGE_THRESHOLD}",
                description =
                        "A window's share of readings outside the training range above this raises a model-drift event "
                                + "(env DRIFT_OUT_OF_RANGE_THRESHOLD; default: ${DEFAULT-VALUE}).")
        double driftOutOfRangeThreshold = DriftSettings.DEFAULT_OUT_OF_RANGE_THRESHOLD;

        @Option(
                names = "--group-id",
                paramLabel = "ID",
                defaultValue = "${env:GROUP_ID}",
                description =
                        "Kafka consumer group; offsets are committed on checkpoints (env GROUP_ID; default: ${DEFAULT-VALUE}).")
        String groupId = "regime-scoring";

        @Option(
                names = "--starting-offsets",
                paramLabel = "committed|earliest|latest",
                defaultValue = "${env:STARTING_OFFSETS}",
                description =
                        "Where to start without a checkpoint: the group's committed offsets (earliest where it has none), "
                                + "earliest or latest (env STARTING_OFFSETS; default: ${DEFAULT-VALUE}).")
        String startingOffsets = "committed";

        @Option(
                names = "--model",
                paramLabel = "PATH_OR_URI",
                defaultValue = "${env:MODEL}",
                description =
                        "The PMML model: a path, file:// URI or any URI Flink's file systems read; model.json next to it "
                                + "is checked when present (env MODEL; default: ${DEFAULT-VALUE}).")
        String model = PipelineDefaults.MODEL_DIRECTORY + "/" + PipelineDefaults.MODEL_FILE;

        @Option(
                names = "--influxdb-url",
                paramLabel = "URL",
                defaultValue = "${env:INFLUXDB_URL}",
                description = "InfluxDB 1.x HTTP API (env INFLUXDB_URL; default: ${DEFAULT-VALUE}).")
        String influxUrl = PipelineDefaults.INFLUXDB_URL;

        @Option(
                names = "--influxdb-database",
                paramLabel = "NAME",
                defaultValue = "${env:INFLUXDB_DATABASE}",
                description =
                        "InfluxDB database, created if missing (env INFLUXDB_DATABASE; default: ${DEFAULT-VALUE}).")
        String influxDatabase = PipelineDefaults.INFLUXDB_DATABASE;

        @Option(
                names = "--influxdb-username",
                paramLabel = "USER",
                defaultValue = "${env:INFLUXDB_USERNAME}",
                description = "InfluxDB user, when auth is on (env INFLUXDB_USERNAME).")
        String influxUsername;

        @Option(
                names = "--influxdb-password",
                paramLabel = "PASSWORD",
                defaultValue = "${env:INFLUXDB_PASSWORD}",
                description =
                        "InfluxDB password (env INFLUXDB_PASSWORD; prefer the variable: arguments show up in ps). Never logged.")
        String influxPassword;

        @Option(names = "--no-influxdb", description = "Do not write to InfluxDB (Kafka outputs only).")
        boolean noInflux;

        @Option(
                names = "--delivery",
                paramLabel = "exactly-once|at-least-once",
                defaultValue = "${env:DELIVERY}",
                description =
                        "Kafka sink guarantee: exactly-once uses transactions (consumers read with "
                                + "isolation.level=read_committed) and publishes on each checkpoint (env DELIVERY; default: ${DEFAULT-VALUE}).")
        String delivery = "exactly-once";

        @Option(
                names = "--transactional-id-prefix",
                paramLabel = "PREFIX",
                defaultValue = "${env:TRANSACTIONAL_ID_PREFIX}",
                description = "Prefix of the Kafka transactional ids in exactly-once mode; unique per job on a cluster "
                        + "(env TRANSACTIONAL_ID_PREFIX; default: ${DEFAULT-VALUE}).")
        String transactionalIdPrefix = "regime-scoring";

        @Option(
                names = "--checkpoint-interval",
                paramLabel = "DURATION",
                defaultValue = "${env:CHECKPOINT_INTERVAL}",
                description = "Checkpoint every DURATION, e.g. 10s, 500ms, 1min; 0 turns checkpointing off "
                        + "(only with at-least-once) (env CHECKPOINT_INTERVAL; default: ${DEFAULT-VALUE}).")
        String checkpointInterval = "10s";

        @Option(
                names = "--checkpoint-timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:CHECKPOINT_TIMEOUT}",
                description =
                        "A checkpoint not complete within DURATION is declined; an InfluxDB outage delays checkpoints "
                                + "(env CHECKPOINT_TIMEOUT; default: ${DEFAULT-VALUE}).")
        // Half of Flink's 10 min, so that a Kafka transaction (open from one checkpoint until the next
        // completes) stays within its 10 min timeout.
        String checkpointTimeout = "5min";

        @Option(
                names = "--transaction-timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:TRANSACTION_TIMEOUT}",
                description = "Kafka transaction timeout in exactly-once mode: at least --checkpoint-interval + "
                        + "--checkpoint-timeout, at most the broker's transaction.max.timeout.ms (15min by default) "
                        + "(env TRANSACTION_TIMEOUT; default: ${DEFAULT-VALUE}).")
        // Below the broker's default transaction.max.timeout.ms (15 min), which a longer timeout would exceed.
        String transactionTimeout = "10min";

        @Option(
                names = "--partitions",
                paramLabel = "P",
                defaultValue = "${env:TOPIC_PARTITIONS}",
                description = "Partitions of the job's topics it creates at start when they are missing "
                        + "(env TOPIC_PARTITIONS; default: ${DEFAULT-VALUE}).")
        int partitions = 4; // as the producer's --partitions

        @Option(
                names = "--replication-factor",
                paramLabel = "R",
                defaultValue = "${env:TOPIC_REPLICATION_FACTOR}",
                description = "Replication factor of the topics the job creates; 0 = the broker's default "
                        + "(env TOPIC_REPLICATION_FACTOR; default: ${DEFAULT-VALUE}).")
        int replicationFactor = 0;

        @Option(
                names = "--producer-linger",
                paramLabel = "DURATION",
                defaultValue = "${env:PRODUCER_LINGER}",
                description =
                        "How long the Kafka producer waits to fill a batch (linger.ms): more throughput for a little "
                                + "latency; a linger.ms in the Kafka properties wins (env PRODUCER_LINGER; default: ${DEFAULT-VALUE}).")
        // A lot more throughput for a few ms of latency.
        String producerLinger = "5ms";

        @Option(
                names = "--buffer-timeout",
                paramLabel = "DURATION",
                defaultValue = "${env:BUFFER_TIMEOUT}",
                description =
                        "Flink's execution.buffer-timeout: a partly filled network buffer is sent after this long "
                                + "(env BUFFER_TIMEOUT; default: ${DEFAULT-VALUE}).")
        // Only between tasks: the job is one chain.
        String bufferTimeout = "5ms";

        @Option(
                names = "--probability-digits",
                paramLabel = "N",
                defaultValue = "${env:PROBABILITY_DIGITS}",
                description = "Write confidence and probabilities in the prediction JSON rounded to N decimal places "
                        + "(e.g. 4: 0.9731), about 70 bytes (a fifth) fewer per prediction; 0 = full precision. "
                        + "Output formatting only: regime and lowConfidence are decided on full-precision values, "
                        + "InfluxDB points are unchanged (env PROBABILITY_DIGITS; default: ${DEFAULT-VALUE}).")
        int probabilityDigits = 0;

        @Option(
                names = "--restart-attempts",
                paramLabel = "N",
                defaultValue = "${env:RESTART_ATTEMPTS}",
                description = "Failures in a row the job recovers from, with back-off 1 s doubling up to 1 min; "
                        + "0 = fail at the first error (env RESTART_ATTEMPTS; default: ${DEFAULT-VALUE}).")
        int restartAttempts = 10;

        @Option(
                names = "--min-temperature",
                paramLabel = "CELSIUS",
                defaultValue = "${env:MIN_TEMPERATURE}",
                description = "Lowest plausible temperature; colder readings are dead letters (out_of_range) "
                        + "(env MIN_TEMPERATURE; default: ${DEFAULT-VALUE}).")
        double minTemperature = ValidationRules.DEFAULT_MIN_TEMPERATURE;

        @Option(
                names = "--max-temperature",
                paramLabel = "CELSIUS",
                defaultValue = "${env:MAX_TEMPERATURE}",
                description = "Highest plausible temperature (env MAX_TEMPERATURE; default: ${DEFAULT-VALUE}).")
        double maxTemperature = ValidationRules.DEFAULT_MAX_TEMPERATURE;

        @Option(
                names = "--max-message-bytes",
                paramLabel = "BYTES",
                defaultValue = "${env:MAX_MESSAGE_BYTES}",
                description =
                        "Larger messages are dead letters (oversized), never parsed (env MAX_MESSAGE_BYTES; default: ${DEFAULT-VALUE}).")
        int maxMessageBytes = ValidationRules.DEFAULT_MAX_MESSAGE_BYTES;

        @Option(
                names = "--max-event-time-skew",
                paramLabel = "PAST[,FUTURE]",
                defaultValue = "${env:MAX_EVENT_TIME_SKEW}",
                description =
                        "Readings whose event time lies further before/after the processing time are dead letters "
                                + "(invalid_timestamp), e.g. 7d,1h or 30d; 0 or none = no limit, e.g. to replay old data "
                                + "(env MAX_EVENT_TIME_SKEW; default: ${DEFAULT-VALUE}).")
        String maxEventTimeSkew = EventTimeSkew.DEFAULT_OPTION;
        // ---- trust in model announcements (kept together)

        @Option(
                names = "--model-public-key",
                paramLabel = "FILE",
                split = ",",
                defaultValue = "${env:MODEL_PUBLIC_KEY}",
                description =
                        "Accept only model announcements signed with the private half of one of these Ed25519 public keys "
                                + "(X.509 PEM files, comma-separated to trust a new key beside the old one while rotating); without it "
                                + "unsigned announcements are accepted and the job warns at start (env MODEL_PUBLIC_KEY).")
        List<Path> modelPublicKeys;

        @Option(
                names = "--model-location-allow",
                paramLabel = "PREFIX",
                split = ",",
                defaultValue = "${env:MODEL_LOCATION_ALLOW}",
                description =
                        "Announced models may be read from locations under these URI prefixes, e.g. file:///models/,s3://bucket/models/ "
                                + "(compared after normalizing . .. and %%-escapes); without it only inline models are accepted "
                                + "(env MODEL_LOCATION_ALLOW).")
        List<String> modelLocationAllow;

        @Option(
                names = "--shadow-report-interval",
                paramLabel = "DURATION",
                defaultValue = "${env:SHADOW_REPORT_INTERVAL}",
                description =
                        "How often each scoring task with a shadow model reports how it compares with the active model "
                                + "(status topic and InfluxDB model_shadow) (env SHADOW_REPORT_INTERVAL; default: ${DEFAULT-VALUE}).")
        String shadowReportInterval = "10s";

        @Option(
                names = "--parallelism",
                paramLabel = "N",
                defaultValue = "${env:PARALLELISM}",
                description =
                        "Parallelism of the job; 0 = the cluster's default (env PARALLELISM; default: ${DEFAULT-VALUE}).")
        int parallelism = 0;

        /**
         * The options as a configuration.
         *
         * @throws IllegalArgumentException naming the option that is wrong
         */
        public JobConfig toConfig() {
            // Each value read on its own, so that one start names every option that cannot be read;
            // the record then checks how they fit together.
            List<String> problems = new ArrayList<>();
            Properties clients = read(problems, () -> kafka.settings().clientProperties());
            StartingOffsets offsets = read(problems, () -> StartingOffsets.parse(startingOffsets));
            InfluxSettings influx = noInflux
                    ? null
                    : read(
                            problems,
                            () -> new InfluxSettings(
                                    influxUrl,
                                    influxDatabase,
                                    blankToNull(influxUsername),
                                    blankToNull(influxPassword)));
            DeliveryMode deliveryMode = read(problems, () -> DeliveryMode.parse(delivery));
            Duration interval = read(problems, () -> parseDuration("--checkpoint-interval", checkpointInterval));
            Duration timeout = read(problems, () -> parseDuration("--checkpoint-timeout", checkpointTimeout));
            Duration transactions = read(problems, () -> parseDuration("--transaction-timeout", transactionTimeout));
            Duration linger = read(problems, () -> parseDuration("--producer-linger", producerLinger));
            Duration buffer = read(problems, () -> parseDuration("--buffer-timeout", bufferTimeout));
            Duration shadowReports =
                    read(problems, () -> parseDuration("--shadow-report-interval", shadowReportInterval));
            ProbabilityRounding rounding = read(problems, () -> ProbabilityRounding.digits(probabilityDigits));
            ValidationRules rules = read(
                    problems,
                    () -> new ValidationRules(
                            minTemperature, maxTemperature, maxMessageBytes, EventTimeSkew.parse(maxEventTimeSkew)));
            AnnouncementPolicy policy = read(
                    problems, () -> AnnouncementPolicy.load(nonNull(modelPublicKeys), nonNull(modelLocationAllow)));
            DriftSettings drift = read(
                    problems,
                    () -> new DriftSettings(
                            parseDuration("--drift-window", driftWindow),
                            driftMinReadings,
                            driftPsiThreshold,
                            driftOutOfRangeThreshold));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new JobConfig(
                    clients,
                    inputTopic,
                    outputTopic,
                    deadLetterTopic,
                    modelTopic,
                    modelStatusTopic,
                    regimeChangesTopic,
                    regimeChangeReadings,
                    lowConfidence,
                    groupId,
                    offsets,
                    model,
                    influx,
                    deliveryMode,
                    transactionalIdPrefix,
                    interval,
                    timeout,
                    transactions,
                    partitions,
                    replicationFactor,
                    linger,
                    buffer,
                    rounding,
                    rules,
                    parallelism,
                    restartAttempts,
                    policy,
                    shadowReports,
                    driftTopic,
                    drift);
        }

        private static <T> T read(List<String> problems, Supplier<T> value) {
            try {
                return value.get();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        private static Duration parseDuration(String option, String text) {
            try {
                return TimeUtils.parseDuration(text);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(
                        option + " '" + text + "' is not a duration like 10s, 500ms or 1min");
            }
        }

        /** The values given; none when the option (or its variable) is unset or blank. */
        private static <T> List<T> nonNull(List<T> list) {
            return list == null
                    ? List.of()
                    : list.stream().filter(v -> !v.toString().isBlank()).toList();
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
