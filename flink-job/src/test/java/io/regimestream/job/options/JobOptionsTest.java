package io.regimestream.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.ValidationRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class JobOptionsTest {

    @Command(name = "test", defaultValueProvider = JobOptions.Defaults.class)
    static class Cli {
        @Mixin
        JobOptions options = new JobOptions();
    }

    @Test
    void withoutAPublicKeyTheJobRefusesToStartUnlessUnsignedModelsAreAllowed(@TempDir Path dir) throws Exception {
        SigningKeys.generate(dir);
        String key = dir.resolve(SigningKeys.PUBLIC_KEY_FILE).toString();

        assertThatThrownBy(JobOptionsTest::parseExactly)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the job accepts only signed model announcements")
                .hasMessageContaining("--model-public-key FILE")
                .hasMessageContaining("--allow-unsigned-models");
        assertThat(parseExactly("--allow-unsigned-models").model().acceptsUnsignedModels())
                .isTrue();
        assertThat(parseExactly("--model-public-key", key).model().acceptsUnsignedModels())
                .isFalse();
        assertThat(parseExactly("--model-public-key", key).model().fetchTimeout())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(parse("--model-fetch-timeout", "5s").model().fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> parse("--model-fetch-timeout", "0"))
                .hasMessageContaining("--model-fetch-timeout must be positive");
        assertThat(JobConfig.defaults().model().acceptsUnsignedModels())
                .as("code's defaults accept unsigned announcements, and say so")
                .isTrue();
    }

    @Test
    void defaultsMatchTheDockerComposeServices() {
        JobConfig config = parse();

        assertThat(config.kafka().bootstrapServers()).isEqualTo(PipelineDefaults.BOOTSTRAP_SERVERS);
        assertThat(config.topics().readings()).isEqualTo(PipelineDefaults.READINGS_TOPIC);
        assertThat(config.topics().predictions()).isEqualTo(PipelineDefaults.PREDICTIONS_TOPIC);
        assertThat(config.topics().deadLetters()).isEqualTo(PipelineDefaults.DEAD_LETTER_TOPIC);
        assertThat(config.influx().url()).isEqualTo(PipelineDefaults.INFLUXDB_URL);
        assertThat(config.influx().database()).isEqualTo(PipelineDefaults.INFLUXDB_DATABASE);
        assertThat(config.model().location()).isEqualTo("model-artifacts/model.pmml");
        assertThat(config.kafka().delivery()).isEqualTo(DeliveryMode.EXACTLY_ONCE);
        assertThat(config.kafka().startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(config.kafka().producerLinger()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.topicCreation().create()).isFalse();
        assertThat(config.output().probabilityRounding()).isEqualTo(ProbabilityRounding.FULL);
        assertThat(config.output().predictionFormat()).isEqualTo(PredictionFormat.FULL);
        assertThat(config.validation()).isEqualTo(ValidationRules.defaults());
    }

    @Test
    void optionsOverrideTheDefaults() {
        JobConfig config = parse(
                "--bootstrap-servers",
                "127.0.0.1:9999",
                "--delivery",
                "at-least-once",
                "--starting-offsets",
                "latest",
                "--no-influxdb",
                "--min-temperature",
                "0",
                "--max-temperature",
                "90",
                "--max-message-bytes",
                "100",
                "--producer-linger",
                "20ms",
                "--create-topics",
                "--probability-digits",
                "4");

        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9999");
        assertThat(config.kafka().delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
        assertThat(config.kafka().startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(config.influx()).isNull();
        assertThat(config.validation()).isEqualTo(new ValidationRules(0, 90, 100));
        assertThat(config.kafka().producerLinger()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.topicCreation().create()).isTrue();
        assertThat(config.output().probabilityRounding().digits()).isEqualTo(4);
    }

    @Test
    void probabilityDigitsOutOfRangeFailAtStartSayingWhatIsAllowed() {
        assertThatThrownBy(() -> parse("--probability-digits", "16"))
                .hasMessageContaining("--probability-digits must be between 0 (full precision) and 15, was 16");
        assertThatThrownBy(() -> parse("--probability-digits", "-1")).hasMessageContaining("--probability-digits");
    }

    @Test
    void thePredictionFormatIsFullOrCompactAndCompactTakesNoProbabilityDigits() {
        assertThat(parse("--prediction-format", "compact").output().predictionFormat())
                .isEqualTo(PredictionFormat.COMPACT);
        assertThat(parse("--prediction-format", "full", "--probability-digits", "4")
                        .output()
                        .probabilityRounding()
                        .digits())
                .isEqualTo(4);
        assertThatThrownBy(() -> parse("--prediction-format", "binary"))
                .hasMessageContaining("unknown prediction format 'binary': use full or compact");
        assertThatThrownBy(() -> parse("--prediction-format", "compact", "--probability-digits", "4"))
                .hasMessageContaining("--probability-digits rounds the probabilities of full predictions, "
                        + "and --prediction-format compact writes none: leave one of the two out");
    }

    @Test
    void theShadowReportIntervalIsTenSecondsByDefaultAndMustBePositive() {
        assertThat(parse().model().shadowReportInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("--shadow-report-interval", "1min").model().shadowReportInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> parse("--shadow-report-interval", "0"))
                .hasMessageContaining("--shadow-report-interval must be positive");
        assertThatThrownBy(() -> parse("--shadow-report-interval", "often"))
                .hasMessageContaining("--shadow-report-interval 'often'");
    }

    @Test
    void theEventTimeSkewIsPastAndFutureOrOneForBothOrNone() {
        assertThat(parse().validation().eventTimeSkew())
                .isEqualTo(new EventTimeSkew(Duration.ofDays(7), Duration.ofHours(1)));
        assertThat(parse("--max-event-time-skew", "30d,5min").validation().eventTimeSkew())
                .isEqualTo(new EventTimeSkew(Duration.ofDays(30), Duration.ofMinutes(5)));
        assertThat(parse("--max-event-time-skew", "2h").validation().eventTimeSkew())
                .isEqualTo(new EventTimeSkew(Duration.ofHours(2), Duration.ofHours(2)));
        assertThat(parse("--max-event-time-skew", "none").validation().eventTimeSkew())
                .isEqualTo(EventTimeSkew.UNLIMITED);
        assertThat(parse("--max-event-time-skew", "0").validation().eventTimeSkew())
                .isEqualTo(EventTimeSkew.UNLIMITED);
        assertThatThrownBy(() -> parse("--max-event-time-skew", "a week"))
                .hasMessageContaining("--max-event-time-skew 'a week' is not PAST[,FUTURE]");
    }

    @Test
    void secretsNeverShowInTheConfigurationsText() {
        JobConfig config = parse(
                "--influxdb-username",
                "grafana",
                "--influxdb-password",
                "hunter2",
                "--kafka-property",
                "sasl.jaas.config=secret-jaas");

        assertThat(config.influx().password()).isEqualTo("hunter2");
        assertThat(config.toString())
                .contains("grafana")
                .doesNotContain("hunter2")
                .doesNotContain("secret-jaas");
    }

    @Test
    void wrongValuesAreNamedWithTheirOption() {
        assertThatThrownBy(() -> parse("--delivery", "twice")).hasMessageContaining("exactly-once or at-least-once");
        assertThatThrownBy(() -> parse("--producer-linger", "soon")).hasMessageContaining("--producer-linger");
        assertThatThrownBy(() -> parse("--transaction-timeout", "0")).hasMessageContaining("--transaction-timeout");
        assertThatThrownBy(() -> parse("--min-temperature", "100", "--max-temperature", "0"))
                .hasMessageContaining("--min-temperature");
        assertThatThrownBy(() -> parse("--influxdb-username", "only")).hasMessageContaining("--influxdb-password");
    }

    @Test
    void modelAnnouncementsAreTrustedOnlyAsConfigured(@TempDir Path dir) throws Exception {
        assertThat(parse().model().announcementPolicy().authenticates()).isFalse();
        assertThat(parse().toString()).contains("announcements=unsigned accepted (not authenticated), inline only");

        PublicKey key = SigningKeys.generate(dir).getPublic();
        JobConfig config = parse(
                "--model-public-key",
                dir.resolve(SigningKeys.PUBLIC_KEY_FILE).toString(),
                "--model-location-allow",
                "file:///models/,s3://Bucket/models");
        assertThat(config.model().announcementPolicy().authenticates()).isTrue();
        assertThat(config.toString())
                .contains(
                        "signed by [" + SigningKeys.keyId(key) + "]",
                        "inline or under [file:///models, s3://bucket/models]");
    }

    @Test
    void unusableKeysOrPrefixesFailAtStartNamingTheOption(@TempDir Path dir) {
        assertThatThrownBy(() ->
                        parse("--model-public-key", dir.resolve("missing.pem").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--model-public-key")
                .hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> parse("--model-location-allow", "/models"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--model-location-allow '/models'");
    }

    @Test
    void helpListsEveryOption() {
        String usage = new CommandLine(new Cli()).getUsageMessage();
        assertThat(usage)
                .contains(
                        "--bootstrap-servers",
                        "--input-topic",
                        "--output-topic",
                        "--dlq-topic",
                        "--group-id",
                        "--starting-offsets",
                        "--model",
                        "--influxdb-url",
                        "--influxdb-database",
                        "--influxdb-username",
                        "--influxdb-password",
                        "--no-influxdb",
                        "--delivery",
                        "--create-topics",
                        "--min-temperature",
                        "--max-temperature",
                        "--max-message-bytes",
                        "--producer-linger",
                        "--model-public-key",
                        "--model-location-allow");
    }

    @Test
    void helpShowsEachDefaultAsTheConfigurationHasIt() {
        String usage = new CommandLine(new Cli()).getUsageMessage().replaceAll("\\s+", " "); // unwrapped
        JobConfig defaults = JobConfig.defaults();

        assertThat(usage)
                .contains(
                        "default: " + defaults.kafka().bootstrapServers(),
                        "default: " + defaults.topics().readings(),
                        "default: " + defaults.kafka().groupId(),
                        "default: " + defaults.kafka().delivery().option(),
                        "default: " + defaults.kafka().startingOffsets().option(),
                        "default: " + defaults.model().location(),
                        "default: 10s",
                        "default: 10min",
                        "default: 5ms",
                        "default: 7d,1h",
                        "default: " + defaults.scoring().regimeChangeReadings(),
                        "default: " + defaults.scoring().lowConfidenceThreshold(),
                        "default: " + defaults.topicCreation().partitions());
        assertThat(parse().toString())
                .as("the command line without options is the defaults")
                .isEqualTo(defaults.toString());
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        assertThatThrownBy(() -> parse("--producer-linger", "soon", "--delivery", "twice", "--max-message-bytes", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--producer-linger 'soon'")
                .hasMessageContaining("exactly-once or at-least-once")
                .hasMessageContaining("--max-message-bytes");
        assertThatThrownBy(() -> parse(
                        "--regime-change-readings",
                        "0",
                        "--low-confidence",
                        "2",
                        "--partitions",
                        "0",
                        "--shadow-report-interval",
                        "0"))
                .hasMessageContaining("--regime-change-readings must be at least 1")
                .hasMessageContaining("--low-confidence must be between 0 and 1")
                .hasMessageContaining("--partitions must be at least 1")
                .hasMessageContaining("--shadow-report-interval must be positive");
    }

    @Test
    void flinksOwnSettingsAreNoOptionsAndTheOldOnesSayWhichFlinkKeyToSet() {
        String usage = new CommandLine(new Cli()).getUsageMessage();
        assertThat(usage)
                .doesNotContain("--checkpoint-interval")
                .doesNotContain("--checkpoint-timeout")
                .doesNotContain("--buffer-timeout")
                .doesNotContain("--restart-attempts")
                .doesNotContain("--parallelism");

        assertThatThrownBy(
                        () -> parse("--checkpoint-interval", "1min", "--restart-attempts", "0", "--parallelism", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--checkpoint-interval (or CHECKPOINT_INTERVAL) is Flink's own setting now: set "
                        + "execution.checkpointing.interval (flink run -Dexecution.checkpointing.interval=1min")
                .hasMessageContaining("restart-strategy.exponential-delay.attempts-before-reset-backoff")
                .hasMessageContaining("flink run -p 4");
        assertThatThrownBy(() -> parse("--checkpoint-timeout", "1min"))
                .hasMessageContaining("execution.checkpointing.timeout");
        assertThatThrownBy(() -> parse("--buffer-timeout", "1ms"))
                .hasMessageContaining("execution.buffer-timeout.interval");
    }

    @Test
    void theInfluxPasswordComesFromAFileWithoutItsLineBreak(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("influx-password"), "s3cret-From-File\n");

        JobConfig config = parse("--influxdb-username", "job", "--influxdb-password-file", file.toString());

        assertThat(config.influx().password()).isEqualTo("s3cret-From-File");
        assertThat(config.toString()).doesNotContain("s3cret-From-File");
        assertThatThrownBy(() -> parse(
                        "--influxdb-username",
                        "job",
                        "--influxdb-password",
                        "other",
                        "--influxdb-password-file",
                        file.toString()))
                .hasMessageContaining("give the InfluxDB password once");
        assertThatThrownBy(() -> parse(
                        "--influxdb-username",
                        "job",
                        "--influxdb-password-file",
                        dir.resolve("missing").toString()))
                .hasMessageContaining("cannot read --influxdb-password-file " + dir.resolve("missing"));
    }

    @Test
    void aSecretGivenAsAProgramArgumentIsWarnedAboutSayingWhyAndWhatInstead() {
        Cli cli = new Cli();
        CommandLine.ParseResult parsed = new CommandLine(cli)
                .parseArgs(
                        "--influxdb-username",
                        "job",
                        "--influxdb-password",
                        "hunter2",
                        "--kafka-property",
                        "sasl.jaas.config=secret-jaas",
                        "--kafka-property",
                        "security.protocol=SASL_SSL");

        List<String> warnings = SecretArguments.warnings(parsed);

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0))
                .contains("--influxdb-password was given as a program argument")
                .contains("$internal.application.program-args", "/jobmanager/config")
                .contains("INFLUXDB_PASSWORD", "--influxdb-password-file");
        assertThat(warnings.get(1))
                .contains("--kafka-property sasl.jaas.config was given as a program argument")
                .contains("--kafka-properties")
                .doesNotContain("security.protocol");
        assertThat(String.join("\n", warnings)).doesNotContain("hunter2").doesNotContain("secret-jaas");
        assertThat(cli.options.secretArgumentWarnings())
                .as("what the options log when they become the configuration")
                .isEqualTo(warnings);
    }

    @Test
    void secretsGivenTheRecommendedWayAreNoArguments(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("influx-password"), "s3cret");
        Path kafka = Files.writeString(dir.resolve("kafka.properties"), "sasl.jaas.config=secret-jaas\n");

        CommandLine.ParseResult parsed = new CommandLine(new Cli())
                .parseArgs(
                        "--influxdb-username",
                        "job",
                        "--influxdb-password-file",
                        password.toString(),
                        "--kafka-properties",
                        kafka.toString());

        assertThat(SecretArguments.warnings(parsed)).isEmpty();
    }

    /** {@code args}, with {@code --allow-unsigned-models} unless they give a public key: what most tests need. */
    private static JobConfig parse(String... args) {
        boolean keyed = List.of(args).contains("--model-public-key");
        return parseExactly(keyed ? args : concat(args, "--allow-unsigned-models"));
    }

    private static JobConfig parseExactly(String... args) {
        Cli cli = new Cli();
        new CommandLine(cli).parseArgs(args);
        return cli.options.toConfig();
    }

    private static String[] concat(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
