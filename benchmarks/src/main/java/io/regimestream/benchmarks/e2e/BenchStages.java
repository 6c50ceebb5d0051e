package io.regimestream.benchmarks.e2e;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.OutputSettings;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of one end-to-end benchmark against a started broker and influxd, in the order they
 * run: load the inputs, warm up, the measured throughput rounds, JFR profiles, checkpoint size,
 * latency, the InfluxDB sink. Each stage puts its results into the report as soon as it has them,
 * so that a run that fails half-way still writes what it measured.
 */
final class BenchStages {

    private static final Logger LOG = LoggerFactory.getLogger(BenchStages.class);

    private final BenchCommand options;
    private final KafkaBrokerProcess broker;
    private final InfluxDbServer influx;
    private final OutputSettings output;
    private final Map<String, Object> report;
    private final ThroughputModes throughput;
    private final int maxParallelism;
    /** Each input's topic and expected predictions, by its number of machines. */
    private final Map<Integer, ThroughputModes.Input> inputs = new LinkedHashMap<>();

    BenchStages(
            BenchCommand options,
            KafkaBrokerProcess broker,
            InfluxDbServer influx,
            CpuSampler cpu,
            OutputSettings output,
            Map<String, Object> report) {
        this.options = options;
        this.broker = broker;
        this.influx = influx;
        this.output = output;
        this.report = report;
        this.throughput = new ThroughputModes(
                broker, influx, cpu, options.partitions, options.model, options.objectReuse, output);
        this.maxParallelism = Collections.max(options.parallelism);
    }

    /** Every stage; {@code prefix} names the JFR recordings next to the result file. */
    void runAll(String prefix) throws Exception {
        loadInputs();
        throughput();
        if (options.jfr) {
            profiles(prefix);
        }
        checkpointSizes();
        latencies();
        report.put("influxSink", new InfluxSinkComparison(influx).run(options.influxPoints));
    }

    /** The readings of the main input and, unless 0, of the many-machines input, loaded once for every run. */
    private void loadInputs() throws Exception {
        Map<String, Object> loaded = new LinkedHashMap<>();
        for (int m : options.manyMachines > 0
                ? List.of(options.machines, options.manyMachines)
                : List.of(options.machines)) {
            broker.createTopic(Topics.readings(m), options.partitions, Map.of());
            long t0 = System.nanoTime();
            ReadingLoader.Loaded load = ReadingLoader.load(
                    broker.bootstrapServers(), Topics.readings(m), options.records, m, options.badEvery);
            LOG.info(
                    "Loaded {} messages of {} machines ({} bad) in {} s",
                    options.records,
                    m,
                    load.bad(),
                    String.format("%.1f", BenchCommand.seconds(t0)));
            inputs.put(m, new ThroughputModes.Input(Topics.readings(m), load.valid()));
            loaded.put("m" + m, load);
        }
        report.put("input", loaded);
    }

    /** An unmeasured warm-up of each kind of mode, then every configuration in rotated rounds. */
    private void throughput() throws Exception {
        List<ThroughputRun> warmUp = new ArrayList<>();
        for (Mode mode : List.of(Mode.RAW_COPY, Mode.RAW_JOB, Mode.FLINK_AT_LEAST_ONCE)) {
            warmUp.add(throughput.run(
                    new RunConfig(mode, maxParallelism, options.machines),
                    -1,
                    "warm-up",
                    inputs.get(options.machines),
                    null,
                    null));
        }
        report.put("warmUpRuns", warmUp);

        List<ThroughputRun> measured = new ArrayList<>();
        List<List<RunConfig>> rounds = Rotation.rounds(options.configurations(), options.runs);
        for (int r = 0; r < rounds.size(); r++) {
            for (RunConfig config : rounds.get(r)) {
                measured.add(throughput.run(config, r, "r" + r, inputs.get(config.machines()), null, null));
            }
        }
        report.put(
                "runOrder",
                rounds.stream()
                        .map(round -> round.stream().map(RunConfig::key).toList())
                        .toList());
        report.put("throughputRuns", measured);
        List<ThroughputSummary.Row> summary = ThroughputSummary.of(measured);
        report.put("throughput", summary);
        logSummary(summary);
    }

    /** The job and its raw twin once more per parallelism under JFR, unmeasured. */
    private void profiles(String prefix) throws Exception {
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (int p : options.parallelism) {
            for (Mode mode : List.of(Mode.FLINK_AT_LEAST_ONCE, Mode.RAW_JOB)) {
                RunConfig config = new RunConfig(mode, p, options.machines);
                Map<String, Object> profile = new LinkedHashMap<>();
                ThroughputRun run = throughput.run(
                        config,
                        -1,
                        "jfr",
                        inputs.get(options.machines),
                        options.results.resolve(prefix + "-" + config.key() + ".jfr"),
                        profile);
                profile.put("run", run);
                profiles.add(profile);
                LOG.info("JFR of {}: {}", config.key(), profile.get("topFrames"));
            }
        }
        report.put("jfr", profiles);
    }

    /** The checkpoint of each input, and what a thousand more machines add to it. */
    private void checkpointSizes() throws Exception {
        CheckpointSize checkpoints = new CheckpointSize(broker, options.model, options.partitions, maxParallelism);
        Map<String, Object> sizes = new LinkedHashMap<>();
        Map<String, Object> few = checkpoints.measure(
                Topics.readings(options.machines),
                options.machines,
                inputs.get(options.machines).expectedPredictions());
        sizes.put("m" + options.machines, few);
        if (options.manyMachines > 0) {
            Map<String, Object> many = checkpoints.measure(
                    Topics.readings(options.manyMachines),
                    options.manyMachines,
                    inputs.get(options.manyMachines).expectedPredictions());
            sizes.put("m" + options.manyMachines, many);
            sizes.put("marginalBytesPer1000Machines", CheckpointSize.marginalBytesPer1000Machines(few, many));
        }
        report.put("checkpointSize", sizes);
    }

    /** At-least-once, exactly-once at each checkpoint interval, and the raw job, at a fixed rate. */
    private void latencies() throws Exception {
        LatencyMode latency = new LatencyMode(
                broker,
                options.model,
                options.partitions,
                maxParallelism,
                options.machines,
                options.objectReuse,
                options.rate,
                options.latencyWarmUp,
                options.latencySeconds,
                output);
        List<Map<String, Object>> latencies = new ArrayList<>();
        latencies.add(latency.flink(DeliveryMode.AT_LEAST_ONCE, FlinkRuns.CHECKPOINT_INTERVAL));
        for (Duration interval : options.checkpointIntervals) {
            latencies.add(latency.flink(DeliveryMode.EXACTLY_ONCE, interval));
        }
        latencies.add(latency.rawJob());
        report.put("latency", latencies);
    }

    private static void logSummary(List<ThroughputSummary.Row> rows) {
        LOG.info(String.format(
                "%-20s %2s %8s %10s %23s %8s %8s %6s %8s %8s %8s",
                "mode",
                "p",
                "machines",
                "median/s",
                "range/s",
                "CPU-s/M",
                "brokerCPU",
                "B/rec",
                "x rawcopy",
                "x rawjob",
                "x fewest"));
        for (ThroughputSummary.Row r : rows) {
            LOG.info(String.format(
                    "%-20s %2d %8d %,10.0f %,11.0f-%,-11.0f %8.2f %8.2f %6.0f %8.2f %8.2f %8.2f",
                    r.mode(),
                    r.parallelism(),
                    r.machines(),
                    r.recordsPerSecond().median(),
                    r.recordsPerSecond().min(),
                    r.recordsPerSecond().max(),
                    r.harnessCpuSecondsPerMillion().median(),
                    r.brokerCpuSecondsPerMillion().median(),
                    r.outputBytesPerRecord().median(),
                    r.ratioToRawCopy(),
                    r.ratioToRawJob(),
                    r.ratioToFewestMachines()));
        }
    }
}
