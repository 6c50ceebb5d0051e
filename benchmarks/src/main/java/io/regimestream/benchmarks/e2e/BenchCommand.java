package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBrokerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The end-to-end benchmark: a real broker in its own JVM and a real influxd, N readings loaded
 * once, then every mode on the same data, results to {@code benchmarks/results/*.json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"End-to-end throughput and latency of the scoring job against plain Kafka loops,",
                "on a real Kafka broker (own JVM) and a real influxd. Run through bin/bench."})
public final class BenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--records", description = "readings to load and push through every mode (default: ${DEFAULT-VALUE})")
    long records = 1_000_000;

    @Option(names = "--machines", description = "simulated machines (Kafka keys) (default: ${DEFAULT-VALUE})")
    int machines = 16;

    @Option(names = "--partitions", description = "partitions of the input and output topics (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(names = "--parallelism", description = "raw-loop threads and Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism = 2;

    @Option(names = "--rate", description = "latency mode: readings per second (default: ${DEFAULT-VALUE})")
    int rate = 5000;

    @Option(names = "--latency-seconds", description = "latency mode: duration (default: ${DEFAULT-VALUE})")
    int latencySeconds = 60;

    @Option(names = "--influx-points", description = "InfluxDB sink vs bulk writer: points (default: ${DEFAULT-VALUE})")
    int influxPoints = 300_000;

    @Option(names = "--model", description = "PMML model (default: ${DEFAULT-VALUE})")
    Path model = Path.of("model-artifacts", "model.pmml");

    @Option(names = "--results", description = "folder for the JSON results (default: ${DEFAULT-VALUE})")
    Path results = Path.of("benchmarks", "results");

    @Option(names = "--object-reuse", description = "run the job with Flink's pipeline.object-reuse=true (default: off, as the job ships)")
    boolean objectReuse;

    @Option(names = "--quick", description = "smoke run: 20,000 records, 5 s latency at 1,000/s, 10,000 InfluxDB points")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            records = 20_000;
            latencySeconds = 5;
            rate = 1000;
            influxPoints = 10_000;
        }
        if (!Files.isRegularFile(model)) {
            System.err.println("no model at " + model.toAbsolutePath() + ": run from the repository root or pass --model PATH");
            return 2;
        }
        Path work = Files.createTempDirectory("regime-bench-");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("command", "bin/bench e2e " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        report.put("machine", MachineInfo.describe());
        report.put("loadAverageAtStart", MachineInfo.loadAverage());
        report.put("settings", Map.of("records", records, "machines", machines, "partitions", partitions,
                "parallelism", parallelism, "model", model.toString(), "objectReuse", objectReuse));

        long started = System.nanoTime();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(work, "1g").start();
             InfluxDbServer influx = InfluxDbServer.builder().dataDir(work.resolve("influxdb")).build().start()) {
            String kafka = broker.bootstrapServers();
            LOG.info("Kafka broker (pid {}) on {}, influxd on {}", broker.pid(), kafka, influx.url());
            broker.createTopic(Topics.READINGS, partitions, Map.of());
            long t0 = System.nanoTime();
            ReadingLoader.load(kafka, Topics.READINGS, records, machines);
            LOG.info("Loaded {} readings in {} s", records, seconds(t0));

            List<ModeResult> modes = new ArrayList<>();
            ThroughputModes throughput = new ThroughputModes(broker, influx, partitions, parallelism, model, records, objectReuse);
            throughput.warmUp();
            modes.add(throughput.rawCopy());
            double rawCopy = modes.get(0).recordsPerSecond();
            for (ModeResult mode : throughput.others()) {
                modes.add(mode);
            }
            List<ModeResult> withRatios = modes.stream().map(m -> m.withRatioTo(rawCopy)).toList();
            report.put("throughput", withRatios);
            withRatios.forEach(m -> LOG.info(String.format("%-22s %,12.0f records/s  %5.2f x raw-copy  (%,d records, %.1f s wall)",
                    m.mode(), m.recordsPerSecond(), m.ratioToRawCopy(), m.records(), m.wallSeconds())));


            LatencyMode latency = new LatencyMode(broker, model, partitions, parallelism, objectReuse);
            report.put("latency", List.of(
                    latency.run("latency-at-least-once", DeliveryMode.AT_LEAST_ONCE, rate, latencySeconds),
                    latency.run("latency-exactly-once", DeliveryMode.EXACTLY_ONCE, rate, Math.max(5, latencySeconds / 3))));
            report.put("influxSink", new InfluxSinkComparison(influx).run(influxPoints));
        }
        report.put("loadAverageAtEnd", MachineInfo.loadAverage());
        report.put("totalSeconds", seconds(started));
        Files.createDirectories(results);
        Path file = results.resolve((quick ? "quick-" : "bench-") + (objectReuse ? "object-reuse-" : "") + Instant.now().toString().replace(':', '-') + ".json");
        RecordCodec.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
        LOG.info("Results in {} ({} s in all)", file, String.format("%.0f", seconds(started)));
        return 0;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
