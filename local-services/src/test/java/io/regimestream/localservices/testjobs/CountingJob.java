package io.regimestream.localservices.testjobs;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A job for the cluster tests, submitted in {@link TestJobJar}: counts from 1 to {@code N}, one
 * number every {@code PAUSE_MS}, then ends ({@code N = 0}: never ends).
 * <pre>{@code flink run -c io.regimestream.localservices.testjobs.CountingJob test-jobs.jar N PAUSE_MS}</pre>
 */
public final class CountingJob {

    private CountingJob() {}

    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[0]);
        long pauseMillis = Long.parseLong(args[1]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, count == 0 ? Long.MAX_VALUE : count)
                .map(new Pause(pauseMillis))
                .sinkTo(new DiscardingSink<>());
        env.execute(count == 0 ? "counting forever" : "counting to " + count);
    }

    /** Passes each number on after a pause, so the job takes as long as the test needs. */
    static final class Pause implements MapFunction<Long, Long> {
        private final long millis;

        Pause(long millis) {
            this.millis = millis;
        }

        @Override
        public Long map(Long value) throws InterruptedException {
            Thread.sleep(millis);
            return value;
        }
    }
}
