package io.regimestream.benchmarks.outside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimestream.benchmarks.e2e.MachineInfo;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A latency run from outside: the job (bin/job) in its process, then the loader in its own sending
 * readings at a fixed rate stamped with their send time; after a warm-up, every reading stamped in
 * the measured window is paired with its prediction by the reader. At-least-once: latency = the
 * prediction's broker append time (LogAppendTime) minus the stamp, the moment it became readable,
 * by the broker's clock. Exactly-once: the append happens before the commit, so the reader's
 * receive clock (read_committed) minus the stamp. Both are recorded for both.
 */
final class OutsideLatency {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideLatency.class);
    /** Stops shorter than this are not counted as events a record could wait on. */
    static final double STOP_THRESHOLD_MILLIS = 1.0;
    /** The job's Kafka client metrics that say how it batches and polls. */
    static final List<String> KAFKA_METRICS = List.of(
            "KafkaProducer.record-queue-time-avg",
            "KafkaProducer.record-queue-time-max",
            "KafkaProducer.batch-size-avg",
            "KafkaProducer.records-per-request-avg",
            "KafkaProducer.request-latency-avg",
            "KafkaProducer.request-latency-max",
            "KafkaConsumer.fetch-latency-avg",
            "KafkaConsumer.fetch-latency-max",
            "KafkaConsumer.records-per-request-avg",
            "KafkaConsumer.fetch-size-avg");

    /**
     * @param rate     readings per second
     * @param machines simulated machines (Kafka keys)
     * @param linger   the loader's linger.ms
     */
    record Load(int rate, int machines, Duration warmUp, Duration measured, Duration linger) {}

    private final Context context;
    private final Load load;

    OutsideLatency(Context context, Load load) {
        this.context = context;
        this.load = load;
    }

    LatencyResult run(JobSpec spec, int round, String extraJavaOpts) throws Exception {
        String run = "latency-" + spec.key() + "-r" + round;
        RunTopics topics = RunTopics.of(run, "outside-readings-" + run);
        KafkaBrokerProcess broker = context.broker();
        broker.createTopic(topics.readings(), context.partitions(), RunTopics.APPEND_TIME);
        for (String topic : topics.outputs()) {
            broker.createTopic(
                    topic, context.partitions(), topic.equals(topics.predictions()) ? RunTopics.APPEND_TIME : Map.of());
        }
        LatencyReader.Window window;
        long from;
        long until;
        double loadBefore;
        Map<Integer, String> names;
        JsonNode checkpoints;
        Map<String, JsonNode> metrics;
        JobProcess job = JobProcess.start(
                context.root(),
                broker.bootstrapServers(),
                spec,
                topics,
                run,
                context.model(),
                context.dir(),
                context.jobArgs(),
                extraJavaOpts);
        try (job) {
            String id = job.awaitRunning(Duration.ofMinutes(3));
            context.sampler().watch("subject", job.pid());
            String vertex = job.rest().vertices(id).get(0);
            job.rest().metrics(id, vertex, KAFKA_METRICS, Duration.ZERO); // the web server starts fetching them
            try (LatencyReader reader = new LatencyReader(broker.bootstrapServers(), topics, spec.format())) {
                loadBefore = MachineInfo.loadAverage();
                ChildProcess loader = LoaderProcess.start(
                        broker.bootstrapServers(),
                        topics.readings(),
                        load.machines(),
                        load.rate(),
                        load.warmUp().plus(load.measured()).plusSeconds(3),
                        load.linger(),
                        context.dir(),
                        run);
                try (loader) {
                    long first = awaitFirstReading(reader, loader);
                    from = first + load.warmUp().toMillis();
                    until = from + load.measured().toMillis();
                    Duration grace = Duration.ofSeconds(Math.max(
                            15,
                            3
                                    * (spec.checkpointInterval() == null
                                            ? 10
                                            : spec.checkpointInterval().toSeconds())));
                    window = reader.collect(from, until, grace, () -> !loader.isAlive());
                }
            }
            context.sampler().sampleNow();
            names = JavaThreadNames.of(job.pid());
            checkpoints = job.rest().checkpoints(id);
            metrics = job.rest().metrics(id, vertex, KAFKA_METRICS, Duration.ofSeconds(20));
        } finally {
            context.sampler().forget("subject");
        }
        LatencyResult result =
                summarize(spec, round, run, window, from, until, loadBefore, names, checkpoints, metrics);
        List<String> all = new ArrayList<>(topics.outputs());
        all.add(topics.readings());
        broker.deleteTopics(all);
        return result;
    }

    private long awaitFirstReading(LatencyReader reader, ChildProcess loader) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (reader.firstStamp() < 0) {
            loader.requireAlive("its first reading");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "no reading arrived within 90 s; the loader's log:\n" + loader.tail(20));
            }
            Thread.sleep(100);
        }
        return reader.firstStamp();
    }

    private LatencyResult summarize(
            JobSpec spec,
            int round,
            String run,
            LatencyReader.Window window,
            long from,
            long until,
            double loadBefore,
            Map<Integer, String> names,
            JsonNode checkpoints,
            Map<String, JsonNode> metrics)
            throws java.io.IOException {
        List<LatencySample> samples = window.samples();
        LatencySample.Clock clock = spec.delivery() == DeliveryMode.EXACTLY_ONCE
                ? LatencySample.Clock.READER
                : LatencySample.Clock.OUTPUT_APPEND;
        LatencyStats latency = stats(samples, clock);
        TailAttribution tail =
                TailAttribution.of(samples, clock, latency.p99(), tailEvents(run, from, until, checkpoints));
        AppendTimes stamps =
                AppendTimes.of(samples.stream().mapToLong(LatencySample::stamp).toArray());
        ThreadUsage threads = ThreadUsage.of(context.sampler().snapshots("subject"), from, until, stamps, names);
        ThreadUsage brokerThreads =
                ThreadUsage.of(context.sampler().snapshots("broker"), from, until, stamps, context.brokerThreadNames());
        JvmLog.Window measured =
                JvmLog.read(context.dir().resolve(run + "-jvm.log")).window(from, until);
        if (checkpoints instanceof ObjectNode o) {
            o.remove("history"); // the events above came from it; the counts and summary stay
        }
        LatencyResult result = new LatencyResult(
                spec.key(),
                spec.delivery().option(),
                spec.format().option(),
                spec.parallelism(),
                spec.checkpointInterval() == null
                        ? null
                        : spec.checkpointInterval().toMillis(),
                round,
                clock,
                latency,
                stats(samples, LatencySample.Clock.OUTPUT_APPEND),
                stats(samples, LatencySample.Clock.READER),
                window.sent(),
                window.received(),
                window.duplicates(),
                tail,
                threads,
                brokerThreads,
                measured.gcs().size(),
                (int) measured.safepoints().stream()
                        .filter(s -> s.totalMillis() >= STOP_THRESHOLD_MILLIS)
                        .count(),
                measured.longestStopMillis(),
                JvmLog.Allocation.bytesPerRecord(measured.allocation(), stamps),
                loadBefore,
                MachineInfo.loadAverage(),
                checkpoints,
                metrics);
        log(run, latency, samples.size(), window.sent(), tail);
        return result;
    }

    /** What a record in the tail could have waited on: a stop of one of the three JVMs, or a checkpoint. */
    private Map<String, List<TailAttribution.Event>> tailEvents(String run, long from, long until, JsonNode checkpoints)
            throws java.io.IOException {
        Map<String, List<TailAttribution.Event>> events = new LinkedHashMap<>();
        events.put("jobStop", stops(context.dir().resolve(run + "-jvm.log"), from, until));
        events.put("brokerStop", stops(context.brokerJvmLog(), from, until));
        events.put("loaderStop", stops(context.dir().resolve(run + "-loader-jvm.log"), from, until));
        events.put("checkpoint", checkpointEvents(checkpoints));
        return events;
    }

    private static void log(String run, LatencyStats latency, int measured, long sent, TailAttribution tail) {
        LOG.info(
                "{}: p50 {} / p99 {} / p99.9 {} / max {} ms ({} of {} readings; tail above p99 overlapped: a stop of the"
                        + " job's JVM {}, the broker's {}, the loader's {}, a checkpoint {}; stages of the tail {})",
                run,
                latency.p50(),
                latency.p99(),
                latency.p999(),
                latency.max(),
                measured,
                sent,
                share(tail, "jobStop"),
                share(tail, "brokerStop"),
                share(tail, "loaderStop"),
                share(tail, "checkpoint"),
                tail.tailStages());
    }

    /** A JVM's stops of {@link #STOP_THRESHOLD_MILLIS} or more that could touch a record of [from, until). */
    private static List<TailAttribution.Event> stops(java.nio.file.Path jvmLog, long from, long until)
            throws java.io.IOException {
        return JvmLog.read(jvmLog).window(from - 5_000, until + 60_000).safepoints().stream()
                .filter(s -> s.totalMillis() >= STOP_THRESHOLD_MILLIS)
                .map(s -> new TailAttribution.Event(s.startMillis(), s.endMillis()))
                .toList();
    }

    private static String share(TailAttribution tail, String kind) {
        TailAttribution.Share s = tail.overlaps().get(kind);
        return s == null ? "?" : String.format("%.0f %% (all records: %.0f %%)", 100 * s.tail(), 100 * s.all());
    }

    private static LatencyStats stats(List<LatencySample> samples, LatencySample.Clock clock) {
        return LatencyStats.of(samples.stream().mapToLong(s -> s.latency(clock)).toArray());
    }

    /** Each checkpoint from its trigger to its last acknowledgement, from the REST history. */
    static List<TailAttribution.Event> checkpointEvents(JsonNode checkpoints) {
        List<TailAttribution.Event> events = new ArrayList<>();
        for (JsonNode c : checkpoints.path("history")) {
            long trigger = c.path("trigger_timestamp").asLong(-1);
            long ack = c.path("latest_ack_timestamp").asLong(-1);
            if (trigger > 0) {
                events.add(new TailAttribution.Event(trigger, Math.max(trigger, ack)));
            }
        }
        return events;
    }
}
