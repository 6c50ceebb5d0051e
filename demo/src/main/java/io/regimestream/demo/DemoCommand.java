package io.regimestream.demo;

import io.regimestream.cli.DurationConverter;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.demo.charts.RegimeChart;
import io.regimestream.demo.watch.PipelineWatcher;
import io.regimestream.demo.watch.StatusBoard;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.LocalJobRunner;
import io.regimestream.job.RegimeScoringJob;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.sinks.InfluxSchema;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBroker;
import io.regimestream.localservices.LocalFiles;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.producer.cli.DriftOptions;
import io.regimestream.producer.sources.SimulatedSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/demo}: the whole pipeline on this machine without Docker. A real Kafka broker
 * (in this JVM), influxd when installed, the scoring job in a MiniCluster with the web UI, and the
 * producer simulating a few machines; a live board of what the job predicts; a chart at the end.
 */
@Command(
        name = "bin/demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the whole regime-stream pipeline locally: embedded Kafka, influxd (if installed), "
                + "the Flink job with its web UI, and a simulated fleet of machines. Ctrl-C stops everything.")
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {

    /**
     * Drift in the demo: windows of one minute (figures every 30 s), 100 readings at least (a
     * machine sends ~200 a minute), PSI above 0.25 or more than 5 % out of range. Each reading is
     * binned by the deciles of the regime it was predicted in, so machines that change regime every
     * few seconds are no drift (DemoDriftTest: none of 1,440 windows in 4 simulated hours, the largest PSI 0.16); a
     * machine that drifts (--drift-after) is flagged by both within a minute.
     */
    /**
     * Flink's configuration of the demo's MiniCluster: the project's recommended settings
     * (flink-job/conf/config.yaml) with checkpoints every 5 s and two scoring tasks.
     */
    static final Map<String, String> DEMO_FLINK_OVERRIDES =
            Map.of("execution.checkpointing.interval", "5 s", "parallelism.default", "2");

    static final DriftSettings DEMO_DRIFT = new DriftSettings(Duration.ofMinutes(1), 100, 0.25, 0.05);

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Run unattended for this long (e.g. 60, 60s, 5m), then stop and print a summary. "
                    + "Default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--machines", defaultValue = "3", description = "Simulated machines (default: ${DEFAULT-VALUE}).")
    int machines;

    @Option(
            names = "--rate",
            defaultValue = "10",
            description = "Readings per second, all machines together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    DriftOptions drift = new DriftOptions();

    @Option(
            names = "--bad-every",
            paramLabel = "N",
            defaultValue = "50",
            description = "Also send one malformed record every N readings, to show the dead-letter topic at work "
                    + "(0 = never; default: ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(
            names = "--model",
            defaultValue = "model-artifacts/model.pmml",
            description = "The PMML model (default: the committed ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Port of the embedded Kafka broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--web-port",
            defaultValue = "8081",
            description = "Port of the Flink web UI (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(
            names = "--influxdb-port",
            defaultValue = "8086",
            description = "Port of influxd (default: ${DEFAULT-VALUE}).")
    int influxPort;

    @Option(names = "--no-influxdb", description = "Do not start influxd; predictions go to Kafka only.")
    boolean noInflux;

    @Option(
            names = "--out",
            defaultValue = "demo-output",
            description = "Where the final chart and the job's checkpoints and savepoints go "
                    + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = "A Flink setting for the demo's cluster, as bin/job takes it, e.g. "
                    + "-D execution.checkpointing.dir=file:///tmp/demo-checkpoints; repeatable. By default checkpoints "
                    + "and savepoints go to the --out folder (checkpoints/, savepoints/).")
    Map<String, String> userFlinkSettings = new LinkedHashMap<>();

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the simulated machines (default: ${DEFAULT-VALUE}).")
    long seed;

    private final PrintStream console = System.out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling: a problem the user can fix is one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                commandLine.getErr().flush();
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        SimulatedSource machinesToSimulate = simulatedSource();
        checkPorts();
        Path workDir = Files.createTempDirectory("regime-stream-demo-");
        List<AutoCloseable> started = new ArrayList<>(); // closed in reverse order, whatever happens
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "demo-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        CountDownLatch finished = new CountDownLatch(1);
        // On Ctrl-C the JVM waits for shutdown hooks; this one waits until cleanup below has run.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitQuietly(finished), "demo-cleanup-wait"));
        try {
            KafkaBroker kafka = KafkaBroker.builder()
                    .port(kafkaPort)
                    .logDir(workDir.resolve("kafka"))
                    .build()
                    .start();
            started.add(kafka);
            Properties client = new Properties();
            client.putAll(kafka.clientProperties());

            InfluxDbServer influx = startInflux(workDir);
            if (influx != null) {
                started.add(influx);
            }

            // Signed announcements only, as the job's default: a key pair of this run (deleted with it); the
            // private half signs what the user publishes during the demo.
            Path keys = workDir.resolve("model-signing");
            SigningKeys.generate(keys);
            AnnouncementPolicy signedOnly =
                    AnnouncementPolicy.load(List.of(keys.resolve(SigningKeys.PUBLIC_KEY_FILE)), List.of());
            JobConfig config = JobConfig.defaults(kafka.bootstrapServers())
                    .withModel(m -> m.withLocation(model).withAnnouncementPolicy(signedOnly))
                    .withInflux(
                            influx == null
                                    ? null
                                    : new InfluxSettings(influx.url(), PipelineDefaults.INFLUXDB_DATABASE, null, null))
                    .withKafka(k -> k.withDelivery(
                            DeliveryMode.AT_LEAST_ONCE)) // predictions show at once, not at the next checkpoint
                    .withDrift(DEMO_DRIFT);
            // Every topic of the job (it creates none itself); readings and predictions with a partition per task and
            // more.
            for (String topic : config.kafkaTopics()) {
                boolean wide = topic.equals(config.topics().readings())
                        || topic.equals(config.topics().predictions());
                kafka.createTopic(topic, wide ? 4 : 1);
            }
            Configuration flink = LocalFlinkConfiguration.load(flinkSettings(), out);
            StreamExecutionEnvironment env = LocalJobRunner.createEnvironment(webPort, flink);
            RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
            JobClient job = env.executeAsync(RegimeScoringJob.jobName(config));
            started.add(() -> job.cancel().get(30, TimeUnit.SECONDS));

            PipelineWatcher watcher = new PipelineWatcher(client);
            started.add(watcher);
            DemoFleet fleet = new DemoFleet(client, machinesToSimulate, rate, badEvery);
            started.add(fleet);

            printWhereToLook(kafka, influx, flink, keys.resolve(SigningKeys.PRIVATE_KEY_FILE));
            console.println("Machines:      " + machinesToSimulate.describe());
            boolean terminal = System.console() != null && duration == null;
            StatusBoard board = new StatusBoard(
                    console, terminal, "regime-stream demo — Flink web UI: http://localhost:" + webPort);
            long start = System.nanoTime();
            long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
            while (System.nanoTime() < deadline && !stop.await(1, TimeUnit.SECONDS)) {
                board.show(
                        counts(fleet, watcher, influx),
                        watcher.latestByMachine(),
                        watcher.latestDriftByMachine(),
                        (System.nanoTime() - start) / 1_000_000_000L);
            }
            fleet.close();
            started.remove(fleet);
            awaitDrained(fleet, watcher, influx);
            StatusBoard.Counts counts = counts(fleet, watcher, influx);
            renderChart(watcher);
            watcher.latestDriftByMachine()
                    .forEach((machine, d) -> console.println("model drift:   " + machine + " " + StatusBoard.drift(d)));
            console.println("summary: " + counts.summary());
            boolean ok = counts.produced() > 0 && counts.scored() > 0 && (influx == null || counts.pointsWritten() > 0);
            if (!ok) {
                console.println("demo FAILED: readings were not produced, scored and written (see the counts above)");
            }
            return ok ? 0 : 1;
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    console.println("while stopping: " + e.getMessage());
                }
            }
            LocalFiles.deleteRecursively(workDir);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: hooks are already running
            }
        }
    }

    /** The producer's simulated machines, with the drift asked for; a wrong drift option fails before anything starts. */
    SimulatedSource simulatedSource() {
        return new SimulatedSource(machines, seed, drift.drift(machines), System::nanoTime);
    }

    private void checkPorts() {
        FreePorts.requireFree(kafkaPort, "the demo's Kafka broker; change it with --kafka-port");
        FreePorts.requireFree(webPort, "the Flink web UI; change it with --web-port");
        if (!noInflux) {
            FreePorts.requireFree(influxPort, "influxd; change it with --influxdb-port, or --no-influxdb");
        }
    }

    private InfluxDbServer startInflux(Path workDir) {
        if (noInflux) {
            return null;
        }
        if (InfluxDbServer.findInfluxd().isEmpty()) {
            console.println(
                    "influxd not found, running without InfluxDB output. To get it: " + InfluxDbServer.INSTALL_HINT);
            return null;
        }
        return InfluxDbServer.builder()
                .port(influxPort)
                .dataDir(workDir.resolve("influxdb"))
                .build()
                .start();
    }

    private StatusBoard.Counts counts(DemoFleet fleet, PipelineWatcher watcher, InfluxDbServer influx) {
        long points = 0;
        if (influx != null) {
            try {
                points = influx.count(
                        PipelineDefaults.INFLUXDB_DATABASE,
                        "SELECT count(\"regime\") FROM \"" + InfluxSchema.Predictions.MEASUREMENT + "\"");
            } catch (RuntimeException notYet) {
                // database not created yet by the sink
            }
        }
        return new StatusBoard.Counts(fleet.sent(), watcher.scored(), watcher.deadLetters(), points, influx != null);
    }

    /**
     * After the producer stops, give the job a few seconds to score what is still in flight, and its
     * InfluxDB writer to write it (it reads the points from Kafka a moment after they were scored).
     */
    private void awaitDrained(DemoFleet fleet, PipelineWatcher watcher, InfluxDbServer influx)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline
                && (watcher.scored() + watcher.deadLetters() < fleet.sent()
                        || counts(fleet, watcher, influx).pointsWritten() < watcher.scored() && influx != null)) {
            Thread.sleep(200);
        }
    }

    private void renderChart(PipelineWatcher watcher) {
        var predictions = watcher.predictionsForChart();
        if (predictions.isEmpty()) {
            console.println("no predictions, so no chart");
            return;
        }
        Path png = out.resolve("regimes.png");
        try {
            RegimeChart.render(predictions, watcher.driftEvents(), 0, png);
            console.println("chart of temperature and predicted regime per machine: " + png);
        } catch (Exception e) {
            console.println("could not draw " + png + ": " + e.getMessage());
        }
    }

    private void printWhereToLook(KafkaBroker kafka, InfluxDbServer influx, Configuration flink, Path signingKey) {
        console.println("Flink web UI:  http://localhost:" + webPort + "/#/job/running");
        console.println("Kafka:         " + kafka.bootstrapServers() + "  topics " + PipelineDefaults.READINGS_TOPIC
                + " -> " + PipelineDefaults.PREDICTIONS_TOPIC + " (+ " + PipelineDefaults.DEAD_LETTER_TOPIC + ")");
        console.println(
                influx == null
                        ? "InfluxDB:      off"
                        : "InfluxDB:      " + influx.url() + "  database " + PipelineDefaults.INFLUXDB_DATABASE
                                + ", e.g. influx -port " + influx.port() + " -database regimes -execute 'SELECT * FROM "
                                + InfluxSchema.Predictions.MEASUREMENT + " ORDER BY time DESC LIMIT 5'");
        console.println("Models:        signed announcements only (this run's key pair, deleted at the end); swap the "
                + "model with: java -jar training/target/training.jar --publish-only --out DIR --signing-key "
                + signingKey + " --bootstrap-servers " + kafka.bootstrapServers());
        console.println("Flink state:   " + LocalFlinkConfiguration.describeState(flink));
    }

    /** The demo's Flink settings with the user's {@code -D} on top. */
    Map<String, String> flinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>(DEMO_FLINK_OVERRIDES);
        settings.putAll(userFlinkSettings);
        return settings;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
