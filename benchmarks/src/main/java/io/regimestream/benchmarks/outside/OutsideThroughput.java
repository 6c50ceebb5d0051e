package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.MachineInfo;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throughput run from outside: the loaded readings read from the start by the process under
 * test (the job through bin/job, or raw-copy), each in its own process, into fresh output topics;
 * the rate from the output's broker append times; the process's and the broker's CPU by thread
 * over exactly that window; the process's GCs and stops from its own log.
 */
final class OutsideThroughput {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideThroughput.class);

    private final Context context;
    private final String input;
    private final long expected;
    private final Duration timeout;

    /** @param expected records the output must reach (valid readings) */
    OutsideThroughput(Context context, String input, long expected, Duration timeout) {
        this.context = context;
        this.input = input;
        this.expected = expected;
        this.timeout = timeout;
    }

    ThroughputResult run(OutsideMode mode, int parallelism, int round, String label, String extraJavaOpts)
            throws Exception {
        String run = ThroughputResult.key(mode.id(), parallelism) + "-" + label;
        RunTopics topics = RunTopics.of(run, input);
        KafkaBrokerProcess broker = context.broker();
        for (String topic : topics.outputs()) {
            broker.createTopic(
                    topic, context.partitions(), topic.equals(topics.predictions()) ? RunTopics.APPEND_TIME : Map.of());
        }
        double loadBefore = MachineInfo.loadAverage();
        long started = System.nanoTime();
        Path jvmLog = context.dir().resolve(run + "-jvm.log");
        Output output = mode.isJob()
                ? runJob(mode, parallelism, topics, run, extraJavaOpts)
                : runRawCopy(parallelism, topics, run, JvmLog.options(jvmLog) + " " + extraJavaOpts);
        double wall = (System.nanoTime() - started) / 1e9;
        double loadAfter = MachineInfo.loadAverage();
        if (output.times().records() < expected) {
            LOG.warn("{}: {} records for {} valid readings", run, output.times().records(), expected);
        }
        ThroughputResult result =
                measured(mode, parallelism, round, output, JvmLog.read(jvmLog), wall, loadBefore, loadAfter);
        log(run, result);
        broker.deleteTopics(topics.outputs());
        return result;
    }

    /** What a run left to measure: its output's append times and its Java threads' names (by thread id). */
    private record Output(AppendTimes times, Map<Integer, String> threadNames) {}

    /** The job through bin/job until its output is complete; it runs on (unbounded) until stopped. */
    private Output runJob(OutsideMode mode, int parallelism, RunTopics topics, String run, String extraJavaOpts)
            throws Exception {
        try (JobProcess job = JobProcess.start(
                context.root(),
                context.broker().bootstrapServers(),
                mode.job(parallelism),
                topics,
                run,
                context.model(),
                context.dir(),
                context.jobArgs(),
                extraJavaOpts)) {
            context.sampler().watch("subject", job.pid());
            AppendTimes out = awaitOutput(topics.predictions(), job.process());
            context.sampler().sampleNow();
            return new Output(out, JavaThreadNames.of(job.pid()));
        } finally {
            context.sampler().forget("subject");
        }
    }

    /** Raw-copy in its own process; it ends when it has copied the whole input. */
    private Output runRawCopy(int parallelism, RunTopics topics, String run, String javaOpts) throws Exception {
        String bootstrap = context.broker().bootstrapServers();
        try (ChildProcess copy = RawCopyProcess.start(
                bootstrap, input, topics.predictions(), parallelism, context.dir(), run, javaOpts)) {
            context.sampler().watch("subject", copy.pid());
            Integer exit = copy.waitFor(timeout);
            context.sampler().forget("subject");
            if (exit == null || exit != 0) {
                throw new IllegalStateException(
                        "raw-copy " + (exit == null ? "did not end within " + timeout : "exited with " + exit)
                                + "; the end of its log:\n" + copy.tail(30));
            }
            // it has ended: the kernel's names (raw-loop-N, raw-fetch-N, kafka-producer-...) say enough
            return new Output(AppendTimes.read(bootstrap, topics.predictions()), Map.of());
        }
    }

    /**
     * The rates from the output's append times; the CPU by thread of the process and of the broker
     * over the whole output and over its second half (steady state); GCs and stops from the JVM log.
     */
    private ThroughputResult measured(
            OutsideMode mode,
            int parallelism,
            int round,
            Output output,
            JvmLog jvmLog,
            double wall,
            double loadBefore,
            double loadAfter) {
        AppendTimes out = output.times();
        List<ThreadSampler.Snapshot> subject = context.sampler().snapshots("subject");
        List<ThreadSampler.Snapshot> broker = context.sampler().snapshots("broker");
        Map<Integer, String> brokerNames = context.brokerThreadNames();
        ThreadUsage threads = ThreadUsage.of(subject, out.first(), out.last(), out, output.threadNames());
        ThreadUsage brokerThreads = ThreadUsage.of(broker, out.first(), out.last(), out, brokerNames);
        JvmLog.Window jvm = jvmLog.window(out.first(), out.last());
        return new ThroughputResult(
                mode.id(),
                parallelism,
                round,
                out.records(),
                (out.last() - out.first()) / 1000.0,
                out.recordsPerSecond(),
                out.secondHalfRecordsPerSecond(),
                wall,
                threads == null ? Double.NaN : threads.cpuSecondsPerMillion(),
                brokerThreads == null ? Double.NaN : brokerThreads.cpuSecondsPerMillion(),
                out.bytesPerRecord(),
                JvmLog.Allocation.bytesPerRecord(jvm.allocation(), out),
                jvm.gcs().size(),
                jvm.totalStoppedMillis(),
                loadBefore,
                loadAfter,
                threads,
                brokerThreads,
                ThreadUsage.of(subject, out.middle(), out.last(), out, output.threadNames()),
                ThreadUsage.of(broker, out.middle(), out.last(), out, brokerNames));
    }

    private static void log(String run, ThroughputResult result) {
        ThreadUsage threads = result.threads();
        LOG.info(String.format(
                "%-40s %,10.0f records/s (second half %,10.0f/s)  %6.2f CPU-s/M (task %.2f, fetch %.2f, producer I/O %.2f,"
                        + " GC %.2f, JIT %.2f)  broker %5.2f  %4.0f B/rec  %5.0f B alloc/rec  load %.1f-%.1f",
                run,
                result.recordsPerSecond(),
                result.steadyRecordsPerSecond(),
                result.cpuSecondsPerMillion(),
                threads == null ? Double.NaN : threads.cpuSecondsPerMillion(ThreadKind.TASK),
                threads == null ? Double.NaN : threads.cpuSecondsPerMillion(ThreadKind.SOURCE_FETCHER),
                threads == null ? Double.NaN : threads.cpuSecondsPerMillion(ThreadKind.PRODUCER_IO),
                threads == null ? Double.NaN : threads.cpuSecondsPerMillion(ThreadKind.GC),
                threads == null ? Double.NaN : threads.cpuSecondsPerMillion(ThreadKind.JIT),
                result.brokerCpuSecondsPerMillion(),
                result.outputBytesPerRecord(),
                result.allocatedBytesPerRecord(),
                result.loadBefore(),
                result.loadAfter()));
    }

    /**
     * Waits until the job's output holds every expected record, committed: the append times then.
     * The job runs on (unbounded) until stopped; its end offsets are watched, and the topic is read
     * back once nothing is pending (for exactly-once: the last transaction committed).
     */
    private AppendTimes awaitOutput(String topic, ChildProcess job) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, context.broker().bootstrapServers()))) {
            List<TopicPartition> partitions = io.regimestream.benchmarks.e2e.RawLoop.partitions(
                    context.broker().bootstrapServers(), topic);
            while (true) {
                job.requireAlive("its output");
                long end = offsets(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
                long stable = offsets(admin, partitions, IsolationLevel.READ_COMMITTED);
                if (end >= expected && stable == end) {
                    AppendTimes out = AppendTimes.read(context.broker().bootstrapServers(), topic);
                    if (out.records() >= expected) {
                        return out;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job's output did not reach " + expected + " records within "
                            + timeout + " (end offsets " + end + "); the end of its log:\n" + job.tail(30));
                }
                Thread.sleep(500);
            }
        }
    }

    private static long offsets(Admin admin, List<TopicPartition> partitions, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return admin
                .listOffsets(latest, new ListOffsetsOptions(isolation))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .stream()
                .mapToLong(info -> info.offset())
                .sum();
    }
}
