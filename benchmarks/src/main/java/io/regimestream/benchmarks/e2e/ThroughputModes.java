package io.regimestream.benchmarks.e2e;

import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.OutputSettings;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one throughput configuration on its loaded readings, into its own topics, and measures it. */
final class ThroughputModes {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputModes.class);

    /** How one configuration's input was loaded. */
    record Input(String topic, long expectedPredictions) {}

    private final KafkaBrokerProcess broker;
    private final InfluxDbServer influx;
    private final CpuSampler cpu;
    private final int partitions;
    private final Path model;
    private final boolean objectReuse;
    private final OutputSettings output;

    ThroughputModes(
            KafkaBrokerProcess broker,
            InfluxDbServer influx,
            CpuSampler cpu,
            int partitions,
            Path model,
            boolean objectReuse,
            OutputSettings output) {
        this.broker = broker;
        this.influx = influx;
        this.cpu = cpu;
        this.partitions = partitions;
        this.model = model;
        this.objectReuse = objectReuse;
        this.output = output;
    }

    /**
     * @param label names the run's topics (e.g. "r2", "warm-up")
     * @param jfr   null, or where to write a JFR recording of the run (the job's execution only)
     * @param profile filled with the JFR summary when {@code jfr} is given
     */
    ThroughputRun run(RunConfig config, int round, String label, Input input, Path jfr, Map<String, Object> profile)
            throws Exception {
        String run = config.key() + "-" + label;
        for (String topic : Topics.ofRun(run)) {
            broker.createTopic(topic, partitions, Topics.OUTPUT_CONFIG);
        }
        JobConfig job = FlinkRuns.config(
                broker.bootstrapServers(),
                run,
                input.topic(),
                model,
                config.mode().isFlink() ? config.mode().delivery() : DeliveryMode.AT_LEAST_ONCE,
                config.mode().withInflux()
                        ? new InfluxSettings(influx.url(), "bench_" + run.replace('-', '_'), null, null)
                        : null,
                batching(),
                output);
        double loadBefore = MachineInfo.loadAverage();
        cpu.sampleNow();
        long started = System.nanoTime();
        JfrProfile recording = jfr == null ? null : JfrProfile.start(jfr);
        execute(config, job, input, run);
        if (recording != null) {
            profile.putAll(recording.stopAndSummarize());
        }
        double wall = BenchCommand.seconds(started);
        cpu.sampleNow();
        double loadAfter = MachineInfo.loadAverage();

        OutputTopic out =
                OutputTopic.read(broker.bootstrapServers(), job.topics().predictions());
        if (out.records() != input.expectedPredictions()) {
            LOG.warn("{}: {} predictions for {} valid readings", run, out.records(), input.expectedPredictions());
        }
        if (config.mode().withInflux()) {
            LOG.info(
                    "{}: {} points in InfluxDB",
                    run,
                    InfluxCounts.points(influx, job.influx().database()));
        }
        ThroughputRun result = measured(config, round, out, wall, loadBefore, loadAfter);
        log(run, result, loadBefore, loadAfter);
        broker.deleteTopics(Topics.ofRun(run));
        return result;
    }

    /** Pushes the input through the mode: one of the raw loops, or the job in a MiniCluster. */
    private void execute(RunConfig config, JobConfig job, Input input, String run) throws Exception {
        switch (config.mode()) {
            // both loops with the job's client settings, so that the loops and the job differ only in what they do
            case RAW_COPY ->
                RawLoop.run(
                        input.topic(),
                        config.parallelism(),
                        JobClients.consumer(job),
                        JobClients.producer(job),
                        () -> RawCopy.to(job.topics().predictions()),
                        null);
            case RAW_JOB ->
                RawLoop.run(
                        input.topic(),
                        config.parallelism(),
                        JobClients.consumer(job),
                        JobClients.producer(job),
                        () -> new RawJob(job),
                        null);
            default -> {
                StreamExecutionEnvironment env = FlinkRuns.environment(
                        config.parallelism(), objectReuse, FlinkRuns.CHECKPOINT_INTERVAL, new Configuration());
                RegimeScoringPipeline.build(env, job, KafkaPipelineIo.replay(job));
                env.execute("bench " + run);
            }
        }
    }

    /** The run's rate from its output's append times, and the CPU spent over exactly that span. */
    private ThroughputRun measured(
            RunConfig config, int round, OutputTopic out, double wall, double loadBefore, double loadAfter) {
        double millions = out.records() / 1e6;
        return new ThroughputRun(
                config.mode().id(),
                config.parallelism(),
                config.machines(),
                round,
                out.records(),
                out.appendSpanSeconds(),
                out.recordsPerSecond(),
                wall,
                cpu.timeline().harnessSeconds(out.firstAppendMillis(), out.lastAppendMillis()) / millions,
                cpu.timeline().brokerSeconds(out.firstAppendMillis(), out.lastAppendMillis()) / millions,
                out.bytesPerRecord(),
                loadBefore,
                loadAfter);
    }

    private static void log(String run, ThroughputRun result, double loadBefore, double loadAfter) {
        LOG.info(String.format(
                "%-40s %,10.0f predictions/s  %6.2f harness CPU-s/M  %6.2f broker CPU-s/M  %5.0f B/prediction  load %.1f-%.1f",
                run,
                result.recordsPerSecond(),
                result.harnessCpuSecondsPerMillion(),
                result.brokerCpuSecondsPerMillion(),
                result.outputBytesPerRecord(),
                loadBefore,
                loadAfter));
    }

    /** The producer batching of every throughput mode (set in the Kafka properties, it wins over the job's --producer-linger). */
    private static Properties batching() {
        Properties batching = new Properties();
        batching.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(BenchKafka.LINGER_MS));
        batching.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(BenchKafka.BATCH_BYTES));
        return batching;
    }
}
