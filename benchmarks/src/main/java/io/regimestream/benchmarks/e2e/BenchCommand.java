package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.job.config.OutputSettings;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark: a real broker in its own JVM and a real influxd, readings loaded
 * once, then every throughput mode several times in rotated order, latency, checkpoint size and
 * the InfluxDB sink; results to {@code benchmarks/results/*.json}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "End-to-end throughput, CPU cost and latency of the scoring job against plain Kafka loops,",
            "on a real Kafka broker (own JVM) and a real influxd. Run through bin/bench."
        })
public final class BenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--records",
            description = "readings to load and push through every throughput run (default: ${DEFAULT-VALUE})")
    long records = 1_000_000;

    @Option(
            names = "--machines",
            description = "simulated machines (Kafka keys) of the main input (default: ${DEFAULT-VALUE})")
    int machines = 100;

    @Option(
            names = "--many-machines",
            description = "a second input with this many machines for raw-job and flink-at-least-once, "
                    + "and the checkpoint size; 0 skips it (default: ${DEFAULT-VALUE})")
    int manyMachines = 100_000;

    @Option(
            names = "--partitions",
            description = "partitions of the input and output topics (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(
            names = "--parallelism",
            split = ",",
            description = "raw-loop threads and Flink parallelism, a list (default: 1,2)")
    List<Integer> parallelism = new ArrayList<>(List.of(1, 2));

    @Option(
            names = "--runs",
            description =
                    "measured runs of every throughput configuration, in rotated order (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(
            names = "--bad-every",
            description =
                    "every Nth loaded message is not JSON (a dead letter); 0 for none (default: ${DEFAULT-VALUE})")
    int badEvery = 1000;

    @Option(names = "--rate", description = "latency: readings per second (default: ${DEFAULT-VALUE})")
    int rate = 5000;

    @Option(
            names = "--latency-warmup",
            converter = DurationConverter.class,
            description = "latency: unmeasured time first (default: 20s)")
    Duration latencyWarmUp = Duration.ofSeconds(20);

    @Option(names = "--latency-seconds", description = "latency: measured seconds (default: ${DEFAULT-VALUE})")
    int latencySeconds = 30;

    @Option(
            names = "--checkpoint-intervals",
            split = ",",
            converter = DurationConverter.class,
            description = "latency: exactly-once runs, one per checkpoint interval (default: 100ms,1s)")
    List<Duration> checkpointIntervals = new ArrayList<>(List.of(Duration.ofMillis(100), Duration.ofSeconds(1)));

    @Option(names = "--influx-points", description = "InfluxDB sink vs bulk writer: points (default: ${DEFAULT-VALUE})")
    int influxPoints = 300_000;

    @Option(
            names = "--jfr",
            description = "also run flink-at-least-once and raw-job once per parallelism under JFR "
                    + "(settings=profile), unmeasured; recordings and top-frames summaries next to the results")
    boolean jfr;

    @Option(names = "--model", description = "PMML model (default: ${DEFAULT-VALUE})")
    Path model = Path.of("model-artifacts", "model.pmml");

    @Option(names = "--results", description = "folder for the results (default: ${DEFAULT-VALUE})")
    Path results = Path.of("benchmarks", "results");

    @Option(
            names = "--object-reuse",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Flink's pipeline.object-reuse in the MiniCluster: on as the project recommends "
                    + "(flink-job/conf/config.yaml; the job sets none of Flink's settings itself); --no-object-reuse "
                    + "turns it off (default: ${DEFAULT-VALUE})")
    boolean objectReuse;

    @Option(
            names = "--prediction-format",
            description = "the job's --prediction-format in the raw-job and Flink modes: full or compact "
                    + "(default: ${DEFAULT-VALUE})")
    String predictionFormat = "full";

    @Option(
            names = "--probability-digits",
            description =
                    "the job's --probability-digits in the raw-job and Flink modes: "
                            + "probabilities written rounded to N decimal places, 0 = full precision (default: ${DEFAULT-VALUE})")
    int probabilityDigits;

    @Option(
            names = "--quick",
            description = "smoke run of every mode once: 20,000 records, 5,000 many machines, parallelism 2, "
                    + "1 run (after the same warm-up), 3+5 s latency at 1,000/s with one 1 s exactly-once interval, 10,000 InfluxDB "
                    + "points, JFR on")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            presetQuick();
        }
        String invalid = invalidOptions();
        if (invalid != null) {
            System.err.println(invalid);
            return 2;
        }
        OutputSettings output;
        try {
            output = new OutputSettings(
                    PredictionFormat.parse(predictionFormat), ProbabilityRounding.digits(probabilityDigits));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        String prefix = (quick ? "quick-" : "bench-")
                + (objectReuse ? "object-reuse-" : "")
                + (output.predictionFormat() == PredictionFormat.COMPACT ? "compact-" : "")
                + (probabilityDigits > 0 ? "digits" + probabilityDigits + "-" : "")
                + Instant.now().toString().replace(':', '-');
        Files.createDirectories(results);
        Path work = Files.createTempDirectory("regime-bench-");
        Map<String, Object> report = ResultFile.header("bin/bench e2e "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        report.put("settings", settings());
        report.put("modes", Mode.descriptions());

        long started = System.nanoTime();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(work, "1g").start();
                InfluxDbServer influx = InfluxDbServer.builder()
                        .dataDir(work.resolve("influxdb"))
                        .build()
                        .start();
                CpuSampler cpu = new CpuSampler(broker.pid())) {
            LOG.info(
                    "Kafka broker (pid {}) on {}, influxd on {}",
                    broker.pid(),
                    broker.bootstrapServers(),
                    influx.url());
            try {
                new BenchStages(this, broker, influx, cpu, output, report).runAll(prefix);
            } catch (Exception | AssertionError e) {
                report.put("error", e.toString());
                throw e;
            } finally {
                report.put("loadAverageAtEnd", MachineInfo.loadAverage());
                report.put("totalSeconds", seconds(started));
                Path file = results.resolve(prefix + ".json");
                ResultFile.write(file, report);
                LOG.info("Results in {} ({} s in all)", file, String.format("%.0f", seconds(started)));
            }
        }
        return 0;
    }

    /** {@code --quick}: every stage once on small inputs, a smoke test of the whole benchmark. */
    private void presetQuick() {
        records = 20_000;
        manyMachines = manyMachines == 0 ? 0 : 5_000;
        parallelism = List.of(2);
        runs = 1;
        latencyWarmUp = Duration.ofSeconds(3);
        latencySeconds = 5;
        rate = 1000;
        checkpointIntervals = List.of(Duration.ofSeconds(1));
        influxPoints = 10_000;
        jfr = true;
    }

    /** What is wrong with the options before anything starts, or null. */
    private String invalidOptions() {
        if (!Files.isRegularFile(model)) {
            return "no model at " + model.toAbsolutePath() + ": run from the repository root or pass --model PATH";
        }
        if (runs < 1
                || parallelism.isEmpty()
                || parallelism.stream().anyMatch(p -> p < 1)
                || machines < 1
                || manyMachines < 0) {
            return "--runs, --parallelism and --machines must be at least 1, --many-machines at least 0";
        }
        return null;
    }

    /** Every mode at every parallelism on the main input; raw-job and the at-least-once job on the many-machines input. */
    List<RunConfig> configurations() {
        List<RunConfig> configs = new ArrayList<>();
        for (int p : parallelism) {
            for (Mode mode : Mode.values()) {
                configs.add(new RunConfig(mode, p, machines));
            }
        }
        if (manyMachines > 0) {
            for (int p : parallelism) {
                configs.add(new RunConfig(Mode.RAW_JOB, p, manyMachines));
                configs.add(new RunConfig(Mode.FLINK_AT_LEAST_ONCE, p, manyMachines));
            }
        }
        return configs;
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("records", records);
        s.put("machines", machines);
        s.put("manyMachines", manyMachines);
        s.put("partitions", partitions);
        s.put("parallelism", parallelism);
        s.put("runs", runs);
        s.put("badEvery", badEvery);
        s.put(
                "throughputProducer",
                "linger.ms " + BenchKafka.LINGER_MS + ", batch.size " + BenchKafka.BATCH_BYTES + " (every mode)");
        s.put("throughputCheckpointIntervalMs", FlinkRuns.CHECKPOINT_INTERVAL.toMillis());
        s.put("latencyRate", rate);
        s.put("latencyWarmUpSeconds", latencyWarmUp.toSeconds());
        s.put("latencySeconds", latencySeconds);
        s.put(
                "exactlyOnceCheckpointIntervalsMs",
                checkpointIntervals.stream().map(Duration::toMillis).toList());
        s.put("influxPoints", influxPoints);
        s.put("model", model.toString());
        s.put("objectReuse", objectReuse);
        s.put("predictionFormat", predictionFormat);
        s.put("probabilityDigits", probabilityDigits);
        s.put("jfr", jfr);
        return s;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
