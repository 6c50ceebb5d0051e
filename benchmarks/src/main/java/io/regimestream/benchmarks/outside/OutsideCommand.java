package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.DurationConverter;
import io.regimestream.benchmarks.e2e.MachineInfo;
import io.regimestream.benchmarks.e2e.ReadingLoader;
import io.regimestream.benchmarks.e2e.ResultFile;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.LocalParallelism;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.localservices.KafkaBrokerProcess;
import io.regimestream.localservices.LocalFiles;
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
 * {@code bin/bench outside}: issue 23's measurements, every one from outside the job. A broker in
 * its own JVM; the job started as a user starts it ({@code bin/job}) in a process per run; raw-copy
 * in a process of its own; the loader of the latency runs in another. By default exactly the set
 * the targets need, ratios within one run, medians of three in rotated order, the load
 * average before and after every run; results to {@code benchmarks/results/outside-*.json} and the
 * targets table printed.
 */
@Command(
        name = "bin/bench outside",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Throughput and latency of the job measured from outside (bin/job in its own process, a loader in",
            "another, a broker in a third), against raw-copy, with the CPU of every kind of thread; prints issue 23's",
            "targets table. Defaults: the issue's set (~30 min on 2 quiet cores)."
        })
public final class OutsideCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--records",
            description = "readings loaded once and read by every throughput run (default: ${DEFAULT-VALUE})")
    long records = 1_000_000;

    @Option(names = "--machines", description = "simulated machines (Kafka keys) (default: ${DEFAULT-VALUE})")
    int machines = 100;

    @Option(names = "--partitions", description = "partitions of every topic (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(
            names = "--bad-every",
            description =
                    "every Nth loaded message is not JSON (a dead letter); 0 for none (default: ${DEFAULT-VALUE})")
    int badEvery = 1000;

    @Option(
            names = "--modes",
            split = ",",
            description = "throughput modes, a list; none for no throughput runs (default: all: raw-copy, job-full, "
                    + "job-compact, job-compact-no-drift, job-compact-exactly-once)")
    List<String> modes = new ArrayList<>(List.of(
            OutsideMode.RAW_COPY.id(),
            OutsideMode.JOB_FULL.id(),
            OutsideMode.JOB_COMPACT.id(),
            OutsideMode.JOB_COMPACT_NO_DRIFT.id(),
            OutsideMode.JOB_COMPACT_EXACTLY_ONCE.id()));

    @Option(
            names = "--parallelism",
            split = ",",
            description = "throughput: raw-copy threads and the job's parallelism, a list (default: 1,2)")
    List<Integer> parallelism = new ArrayList<>(List.of(1, 2));

    @Option(names = "--runs", description = "measured runs of every configuration, rotated (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--rate", description = "latency: readings per second the loader sends (default: ${DEFAULT-VALUE})")
    int rate = 5000;

    @Option(
            names = "--latency-warmup",
            converter = DurationConverter.class,
            description = "latency: unmeasured time after the first reading (default: 20s)")
    Duration latencyWarmUp = Duration.ofSeconds(20);

    @Option(
            names = "--latency-measured",
            converter = DurationConverter.class,
            description = "latency: measured time (default: 30s)")
    Duration latencyMeasured = Duration.ofSeconds(30);

    @Option(
            names = "--loader-linger",
            converter = DurationConverter.class,
            description = "latency: the loader's linger.ms (default: 5ms)")
    Duration loaderLinger = Duration.ofMillis(5);

    @Option(
            names = "--latency-deliveries",
            split = ",",
            description =
                    "latency: the job's deliveries, a list; none for no latency runs (default: at-least-once,exactly-once)")
    List<String> latencyDeliveries = new ArrayList<>(List.of("at-least-once", "exactly-once"));

    @Option(
            names = "--latency-parallelism",
            split = ",",
            description = "latency: the job's parallelism, a list (default: 1,2)")
    List<Integer> latencyParallelism = new ArrayList<>(List.of(1, 2));

    @Option(
            names = "--latency-format",
            description = "latency: the job's --prediction-format; full carries the job's scoring time, so the stages "
                    + "can be told apart (default: ${DEFAULT-VALUE})")
    String latencyFormat = "full";

    @Option(
            names = "--exactly-once-checkpoint-interval",
            converter = DurationConverter.class,
            description = "latency, exactly-once: -D execution.checkpointing.interval (default: 100ms)")
    Duration exactlyOnceCheckpointInterval = Duration.ofMillis(100);

    @Option(
            names = "--run-timeout",
            converter = DurationConverter.class,
            description = "a throughput run that has not written all its output by then fails (default: 10m)")
    Duration runTimeout = Duration.ofMinutes(10);

    @Option(
            names = "--jfr",
            description =
                    "after the measured throughput runs, one more unmeasured run of each mode at each parallelism "
                            + "under JFR (settings=profile): CPU by top frame and allocation by method and class over the second "
                            + "half, next to the results (<results>-<mode>-p<N>-summary.txt; recordings are not committed)")
    boolean jfr;

    @Option(
            names = "--job-arg",
            paramLabel = "ARG",
            description = "one more bin/job argument for every job run, repeatable, e.g. --job-arg=--kafka-property "
                    + "--job-arg=batch.size=262144 or --job-arg=-D --job-arg=pipeline.object-reuse=false (an experiment: "
                    + "raw-copy does not get it)")
    List<String> jobArgs = new ArrayList<>();

    @Option(names = "--model", description = "PMML model (default: ${DEFAULT-VALUE})")
    Path model = Path.of("model-artifacts", "model.pmml");

    @Option(names = "--results", description = "folder for the results (default: ${DEFAULT-VALUE})")
    Path results = Path.of("benchmarks", "results");

    @Option(
            names = "--keep-logs",
            description = "keep the processes' logs and JVM logs (printed at the end); by default they are deleted")
    boolean keepLogs;

    @Option(
            names = "--quick",
            description =
                    "smoke run: 50,000 readings, parallelism 2, 1 run of every mode, 1 latency run per delivery at "
                            + "1,000/s (3 s warm-up, 5 s measured); results as quick-outside-*.json (not committed)")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            presetQuick();
        }
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isExecutable(root.resolve("bin/job")) || !Files.isRegularFile(model)) {
            System.err.println("run from the repository root (bin/job and " + model + " are not here: " + root + ")");
            return 2;
        }
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (runs < 1
                || parallelism.stream().anyMatch(p -> p < 1)
                || latencyParallelism.stream().anyMatch(p -> p < 1)) {
            System.err.println("--runs and every parallelism must be at least 1");
            return 2;
        }
        Path file = results.resolve((quick ? "quick-outside-" : "outside-")
                + Instant.now().toString().replace(':', '-') + ".json");
        Files.createDirectories(results);
        Path work = Files.createTempDirectory("regime-outside-");
        Map<String, Object> report = header();
        long started = System.nanoTime();
        List<ThroughputResult> throughputRuns = new ArrayList<>();
        List<LatencyResult> latencyRuns = new ArrayList<>();
        Path brokerJvmLog = work.resolve("broker-jvm.log");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(work, "1g", List.of(JvmLog.options(brokerJvmLog)))
                        .start();
                ThreadSampler sampler = new ThreadSampler()) {
            sampler.watch("broker", broker.pid());
            Context context = new Context(
                    root,
                    work,
                    model,
                    broker,
                    partitions,
                    sampler,
                    JavaThreadNames.of(broker.pid()),
                    brokerJvmLog,
                    jobArgs);
            broker.createTopic(RunTopics.MODELS, 1, Map.of());
            LOG.info("Kafka broker (pid {}) on {}; logs in {}", broker.pid(), broker.bootstrapServers(), work);
            try {
                if (!plan.modes().isEmpty()) {
                    throughput(context, plan.modes(), file, report, throughputRuns);
                }
                if (!plan.deliveries().isEmpty()) {
                    OutsideLatency latency = new OutsideLatency(
                            context,
                            new OutsideLatency.Load(rate, machines, latencyWarmUp, latencyMeasured, loaderLinger));
                    new LatencyRounds(
                                    latency,
                                    plan.deliveries(),
                                    latencyParallelism,
                                    plan.latencyFormat(),
                                    exactlyOnceCheckpointInterval,
                                    runs)
                            .run(report, latencyRuns);
                }
            } catch (Exception | AssertionError e) {
                report.put("error", e.toString());
                throw e;
            } finally {
                finish(file, report, throughputRuns, latencyRuns, started);
            }
        } finally {
            if (keepLogs) {
                LOG.info("Logs kept in {}", work);
            } else {
                LocalFiles.deleteRecursively(work);
            }
        }
        return 0;
    }

    /** What the options ask to run, parsed; an {@link IllegalArgumentException} names a bad value. */
    private record Plan(List<OutsideMode> modes, List<DeliveryMode> deliveries, PredictionFormat latencyFormat) {}

    private Plan plan() {
        return new Plan(
                modes.stream()
                        .filter(m -> !m.equals("none"))
                        .map(OutsideMode::parse)
                        .toList(),
                latencyDeliveries.stream()
                        .filter(d -> !d.equals("none"))
                        .map(DeliveryMode::parse)
                        .toList(),
                PredictionFormat.parse(latencyFormat));
    }

    /** {@code --quick}: every run once on a small input, a smoke test of the whole measurement. */
    private void presetQuick() {
        records = 50_000;
        parallelism = List.of(2);
        latencyParallelism = List.of(2);
        runs = 1;
        rate = 1000;
        latencyWarmUp = Duration.ofSeconds(3);
        latencyMeasured = Duration.ofSeconds(5);
    }

    /** Everything the results depend on besides the runs themselves: the machine, the options, the Flink configuration. */
    private Map<String, Object> header() {
        Map<String, Object> report = ResultFile.header("bin/bench outside "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        report.put("settings", settings());
        report.put("flinkConfiguration", flinkConfiguration());
        report.put("modes", OutsideMode.descriptions());
        report.put("threadKinds", ThreadKind.descriptions());
        report.put("jobDefaultParallelismHere", defaultParallelism());
        return report;
    }

    /** Loads the readings once, then every throughput run reads them from the start. */
    private void throughput(
            Context context,
            List<OutsideMode> throughputModes,
            Path file,
            Map<String, Object> report,
            List<ThroughputResult> throughputRuns)
            throws Exception {
        KafkaBrokerProcess broker = context.broker();
        String input = "outside-readings";
        broker.createTopic(input, partitions, Map.of());
        ReadingLoader.Loaded loaded = ReadingLoader.load(broker.bootstrapServers(), input, records, machines, badEvery);
        report.put("input", loaded);
        LOG.info("Loaded {} readings of {} machines ({} bad)", records, machines, loaded.bad());
        ThroughputRounds rounds = new ThroughputRounds(
                new OutsideThroughput(context, input, loaded.valid(), runTimeout), throughputModes, parallelism, runs);
        rounds.run(report, throughputRuns);
        if (jfr) {
            report.put("jfr", rounds.profiles(file));
        }
        broker.deleteTopics(List.of(input));
    }

    /** Writes what was measured (also after a failure) and prints the tables and the targets. */
    private static void finish(
            Path file,
            Map<String, Object> report,
            List<ThroughputResult> throughputRuns,
            List<LatencyResult> latencyRuns,
            long started)
            throws java.io.IOException {
        report.put("throughputRuns", throughputRuns);
        report.put("latencyRuns", latencyRuns);
        List<ThroughputRow> throughput =
                ThroughputRow.of(throughputRuns, Runtime.getRuntime().availableProcessors());
        List<LatencyRow> latency = LatencyRow.of(latencyRuns);
        report.put("throughput", throughput);
        report.put("latency", latency);
        List<Targets.Target> targets = Targets.of(throughput, latency, defaultParallelism());
        report.put("targets", targets);
        report.put("loadAverageAtEnd", MachineInfo.loadAverage());
        report.put("totalSeconds", (System.nanoTime() - started) / 1e9);
        ResultFile.write(file, report);
        System.out.println();
        System.out.println(Report.throughputTable(throughput));
        System.out.println(Report.latencyTable(latency));
        System.out.println(Targets.format(targets));
        LOG.info("Results in {} ({} s in all)", file, String.format("%.0f", (System.nanoTime() - started) / 1e9));
    }

    /** What bin/job runs with on this machine when no parallelism is configured. */
    static int defaultParallelism() {
        return LocalParallelism.here();
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("records", records);
        s.put("machines", machines);
        s.put("partitions", partitions);
        s.put("badEvery", badEvery);
        s.put("modes", modes);
        s.put("parallelism", parallelism);
        s.put("runs", runs);
        s.put("rate", rate);
        s.put("latencyWarmUpSeconds", latencyWarmUp.toMillis() / 1000.0);
        s.put("latencyMeasuredSeconds", latencyMeasured.toMillis() / 1000.0);
        s.put("loaderLingerMs", loaderLinger.toMillis());
        s.put("latencyDeliveries", latencyDeliveries);
        s.put("latencyParallelism", latencyParallelism);
        s.put("latencyFormat", latencyFormat);
        s.put("exactlyOnceCheckpointIntervalMs", exactlyOnceCheckpointInterval.toMillis());
        s.put("jobArgs", jobArgs);
        s.put("jfr", jfr);
        s.put("model", model.toString());
        s.put("threadSamplePeriodMs", ThreadSampler.PERIOD_MILLIS);
        return s;
    }

    /** The Flink configuration every job process read (config.yaml of FLINK_CONF_DIR or flink-job/conf), as text. */
    private static Map<String, Object> flinkConfiguration() {
        Map<String, Object> conf = new LinkedHashMap<>();
        try {
            Path dir = LocalFlinkConfiguration.confDir();
            conf.put("directory", dir.toString());
            conf.put("config.yaml", Files.readString(dir.resolve("config.yaml")));
        } catch (Exception e) {
            conf.put("error", e.getMessage());
        }
        return conf;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new OutsideCommand()).execute(args));
    }
}
