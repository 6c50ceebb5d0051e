package io.regimestream.producer.cli;

import io.regimestream.cli.DurationConverter;
import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.io.ReadingFileException;
import io.regimestream.common.io.ReadingFileReader;
import io.regimestream.producer.publish.KafkaUnavailableException;
import io.regimestream.producer.publish.ReadingPublisher;
import io.regimestream.producer.publish.TopicSetup;
import io.regimestream.producer.sources.ReadingSource;
import io.regimestream.producer.sources.ReplaySource;
import io.regimestream.producer.sources.SimulatedSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code producer}: the command line around {@link ReadingPublisher}. */
@Command(
        name = "producer",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Streams machine temperature readings into Kafka, keyed by machine id, as JSON",
            "{\"machineId\":..,\"timestamp\":..,\"temperature\":..}: replayed from a file or simulated live.",
            "Stops at --count, --duration, the end of a replay, or Ctrl-C (after flushing)."
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0    all readings sent and acknowledged",
            "  1    unexpected failure",
            "  2    wrong options",
            "  3    replay file unreadable, or a malformed line (see --skip-bad)",
            "  4    Kafka unreachable within --connect-timeout, settings or",
            "       credentials rejected, or topic missing with --no-create-topic",
            "  5    some readings were not delivered (the summary counts them)",
            "  130  stopped by Ctrl-C, after flushing (the summary says what was sent)",
            "",
            "Examples:",
            "  producer --replay temperatures.json --rate 0.2 \\",
            "           --bootstrap-servers localhost:9092",
            "  producer --simulate --machines 5 --rate 20 --duration 10m",
            "  producer --simulate --drift-after 30s --drift-machine press-02",
            "  producer --simulate --kafka-properties client-sasl.properties \\",
            "           --bootstrap-servers broker:9093"
        })
public final class ProduceCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ProduceCommand.class);
    private static final int SHOWN_SKIPPED_LINES = 20;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "What to send (one of):%n")
    Mode mode;

    static final class Mode {
        @Option(
                names = "--replay",
                paramLabel = "FILE",
                description = "Send the readings of a file in order: JSON lines (as training writes them,"
                        + " or {\"Temperature\": ..} lines as in V. Alto's article \"Streaming analysis with Kafka, InfluxDB and Grafana\")"
                        + " or CSV with a header.")
        Path replay;

        @Option(
                names = "--simulate",
                description = "Generate live readings of --machines machines, each switching between work regimes.")
        boolean simulate;
    }

    @Option(names = "--loop", description = "With --replay: start over at the end of the file.")
    boolean loop;

    @Option(
            names = "--restamp",
            description = "With --replay: stamp every reading with its send time, even if the file has timestamps"
                    + " (readings without one always get the send time).")
    boolean restamp;

    @Option(
            names = "--skip-bad",
            description =
                    "With --replay: skip malformed lines (each is reported with its line number) instead of stopping.")
    boolean skipBad;

    @Option(
            names = "--machines",
            paramLabel = "N",
            description = "With --simulate: number of machines, press-01.. (default: 3).")
    Integer machines;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "With --simulate: random seed; the same seed gives the same readings (default: 42).")
    Long seed;

    @Mixin
    DriftOptions drift = new DriftOptions();

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "5",
            description = "Readings per second in total, may be fractional (0.2 = one every 5 s);"
                    + " 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N readings.")
    Long count;

    @Option(
            names = "--duration",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Stop after this long: 30s, 5m, 1h30m, a number of seconds, or ISO-8601 (PT30S).")
    Duration duration;

    @Option(
            names = "--topic",
            paramLabel = "NAME",
            defaultValue = PipelineDefaults.READINGS_TOPIC,
            description = "Topic to send to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--partitions",
            paramLabel = "P",
            defaultValue = "4",
            description = "Partitions of the topic if this command creates it (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--create-topic",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Create the topic if it is missing (default: on; --no-create-topic makes a missing topic an error).")
    boolean createTopic;

    @Option(
            names = "--connect-timeout",
            paramLabel = "D",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "How long to wait for Kafka before giving up, at start and per blocked send (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(
            names = "--producer-property",
            paramLabel = "KEY=VALUE",
            description = "A setting for the producer only (e.g. linger.ms, compression.type); repeatable;"
                    + " wins over --kafka-property, which goes to every client.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    /**
     * The command as {@code java -jar} runs it: a wrong option gets a one-line error and a pointer
     * to {@code --help} rather than the whole help text.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ProduceCommand());
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage().replaceFirst("^Error: ", ""));
            if (!UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("Try 'producer --help' for the options.");
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter err = spec.commandLine().getErr();
        ReadingSource source;
        try {
            source = source(err);
        } catch (ReadingFileException e) {
            err.println("error: " + e.getMessage()
                    + (skipBad || isUnreadable(e) ? "" : " (--skip-bad skips malformed lines)"));
            return ExitCodes.BAD_INPUT;
        }
        Properties clientProperties;
        try {
            clientProperties = kafka.settings().clientProperties();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        LOG.info("Kafka client settings: {}", kafka.settings().describe());
        try {
            LOG.info(TopicSetup.ensureTopic(clientProperties, topic, partitions, createTopic, connectTimeout));
        } catch (KafkaUnavailableException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.KAFKA_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.SOFTWARE;
        }

        Properties producerSettings = new Properties();
        producerSettings.putAll(clientProperties);
        producerSettings.putAll(producerProperties);
        ReadingPublisher publisher = ReadingPublisher.builder()
                .kafkaProperties(producerSettings)
                .topic(topic)
                .source(source)
                .ratePerSecond(rate)
                .maxCount(count == null ? 0 : count)
                .maxDuration(duration)
                .maxBlock(connectTimeout)
                .closeTimeout(connectTimeout)
                .build();
        LOG.info(
                "sending {} to {} at {}{}",
                source.describe(),
                topic,
                rate == 0 ? "full speed" : rate + " readings/s",
                stopConditions());
        return new ForegroundPublish(publisher, topic, connectTimeout)
                .run(spec.commandLine().getOut(), err);
    }

    private String stopConditions() {
        StringBuilder s = new StringBuilder();
        if (count != null) {
            s.append(", stopping after ").append(count).append(" readings");
        }
        if (duration != null) {
            s.append(count != null ? " or " : ", stopping after ")
                    .append(duration.toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return s.append(count == null && duration == null && (mode.simulate || loop) ? ", until Ctrl-C" : "")
                .toString();
    }

    private ReadingSource source(PrintWriter err) throws ReadingFileException {
        if (mode.simulate) {
            int fleet = machines == null ? 3 : machines;
            try {
                return new SimulatedSource(fleet, seed == null ? 42 : seed, drift.drift(fleet), System::nanoTime);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        long[] skipped = {0};
        ReadingFileReader.BadLineHandler onBadLine = bad -> {
            if (!skipBad) {
                throw new ReadingFileException(bad.message());
            }
            if (++skipped[0] <= SHOWN_SKIPPED_LINES) {
                err.println("skipped " + bad.message());
            }
        };
        ReplaySource source = ReplaySource.load(mode.replay, loop, restamp, onBadLine);
        if (skipped[0] > 0) {
            err.println("skipped " + skipped[0] + " malformed line" + (skipped[0] == 1 ? "" : "s") + " of "
                    + mode.replay
                    + (skipped[0] > SHOWN_SKIPPED_LINES ? " (the first " + SHOWN_SKIPPED_LINES + " are shown)" : ""));
            err.flush();
        }
        return source;
    }

    /** A missing or unreadable file is not fixed by --skip-bad, so the hint would mislead. */
    private static boolean isUnreadable(ReadingFileException e) {
        String m = e.getMessage();
        return m.endsWith("no such file")
                || m.endsWith("not a readable file")
                || m.endsWith("the file is empty")
                || m.contains("cannot be read")
                || m.endsWith("not UTF-8 text")
                || m.endsWith("no readings in the file");
    }

    private void validate() {
        boolean replay = mode.replay != null;
        if (!replay && (loop || restamp || skipBad)) {
            throw usage("--loop, --restamp and --skip-bad apply to --replay only");
        }
        if (replay && (machines != null || seed != null)) {
            throw usage("--machines and --seed apply to --simulate only (a replay's machine ids come from the file)");
        }
        if (replay && drift.given()) {
            throw usage("--drift-after and --drift-machine apply to --simulate only");
        }
        if (machines != null && machines < 1) {
            throw usage("--machines must be at least 1, was " + machines);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw usage("--rate must be a number >= 0 (0 = as fast as possible), was " + rate);
        }
        if (count != null && count < 1) {
            throw usage("--count must be at least 1, was " + count);
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw usage("--duration must be positive");
        }
        if (partitions < 1) {
            throw usage("--partitions must be at least 1, was " + partitions);
        }
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw usage("--connect-timeout must be positive");
        }
        if (topic.isBlank()) {
            throw usage("--topic must not be blank");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
