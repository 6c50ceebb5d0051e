package io.regimestream.job.reliability;

import static org.awaitility.Awaitility.await;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.testing.KafkaTopics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * One fault-injection run: the job is started, readings stream in from the background, the fault
 * strikes once a third of them are sent and some output exists, and the run ends when the output
 * holds every reading (or times out). Returns what came out, compared record by record.
 */
final class MidStreamFault {

    /** A fault to inject; returns when the fault is over (e.g. the broker is back). */
    interface Fault {
        void inject() throws Exception;
    }

    /** A fault that watches the job while it lasts. */
    interface JobFault {
        void inject(JobClient job) throws Exception;
    }

    record Result(Delivery delivery, long restarts, double faultSeconds, double secondsToComplete, JobID job) {}

    private MidStreamFault() {}

    /**
     * @param output what the job wrote so far, as keys comparable with {@link ReadingFeed#keys()}
     */
    static Result run(
            URI rest,
            KafkaTopics kafka,
            JobConfig config,
            ReadingFeed feed,
            Fault fault,
            Supplier<List<String>> output,
            Duration timeout)
            throws Exception {
        return run(rest, kafka, config, new Configuration(), feed, job -> fault.inject(), output, timeout);
    }

    /**
     * The same with Flink settings on top of the tests' ({@link ScoringJobs#start(JobConfig, String,
     * Configuration)}) and a fault that sees the job.
     */
    static Result run(
            URI rest,
            KafkaTopics kafka,
            JobConfig config,
            Configuration flink,
            ReadingFeed feed,
            JobFault fault,
            Supplier<List<String>> output,
            Duration timeout)
            throws Exception {
        JobClient job = ScoringJobs.start(config, "fault " + config.topics().readings(), flink);
        try {
            feed.startSending(kafka, config.topics().readings());
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> feed.sent() >= feed.size() / 3 && !output.get().isEmpty());
            long faultStart = System.nanoTime();
            fault.inject(job);
            long faultEnd = System.nanoTime();
            feed.awaitAllSent();
            List<String> expected = feed.keys();
            await().atMost(timeout)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Delivery.compare(expected, output.get()).nothingLost());
            long complete = System.nanoTime();
            // A little longer, so late duplicates (a replay after the last check) would be seen too.
            Thread.sleep(2_000);
            Delivery delivery = Delivery.compare(expected, output.get());
            return new Result(
                    delivery,
                    ScoringJobs.restarts(rest, job.getJobID()),
                    ReliabilityReport.seconds(faultEnd - faultStart),
                    ReliabilityReport.seconds(complete - faultEnd),
                    job.getJobID());
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) { // a failed job: the test's own failure says why
                job.cancel().get();
            }
        }
    }
}
