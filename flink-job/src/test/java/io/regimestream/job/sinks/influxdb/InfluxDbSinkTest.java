package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink in a real Flink MiniCluster against {@link FakeInfluxDb}, which can be told to fail. */
class InfluxDbSinkTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Static so that operators (same JVM) can wait for what the server received. */
    private static FakeInfluxDb influx;

    @BeforeEach
    void startFakeInfluxDb() throws Exception {
        influx = new FakeInfluxDb();
    }

    @AfterEach
    void stopFakeInfluxDb() {
        influx.close();
    }

    @Test
    void sendsFullBatchesOfMaxBatchSizeAndTheRestAtTheEnd() throws Exception {
        run(
                LongStream.rangeClosed(1, 95).boxed().toList(),
                sink().setMaxBatchSize(10)
                        .setMaxBufferedRequests(100)
                        .setMaxInFlightRequests(1)
                        .setMaxTimeInBufferMS(60_000));

        assertThat(influx.writes())
                .extracting(r -> r.lines().size())
                .containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 5);
        assertThat(influx.storedLines()).isEqualTo(lines(1, 95));
    }

    @Test
    void sendsAPointWithinMaxTimeInBufferEvenWhenTheBatchIsFarFromFull() throws Exception {
        StreamExecutionEnvironment env = env();
        // Each element waits until the previous one reached InfluxDB: only the time trigger can send it.
        env.fromData(1L, 2L, 3L, 4L)
                .map(n -> {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> influx.storedLines().size() >= n - 1);
                    return n;
                })
                .name("wait for previous point")
                .uid("wait")
                .sinkTo(sink().setMaxTimeInBufferMS(200).build())
                .name("InfluxDB")
                .uid("influxdb")
                .disableChaining();

        env.execute("batching by time");

        assertThat(influx.writes()).extracting(r -> r.lines().size()).containsExactly(1, 1, 1, 1);
        assertThat(influx.storedLines()).isEqualTo(lines(1, 4));
    }

    @Test
    void retriesServerErrorsWithBackoffAndLosesNothing() throws Exception {
        influx.answerNextWrites(3, 503, "{\"error\":\"timeout\"}");

        JobExecutionResult result = run(
                LongStream.rangeClosed(1, 40).boxed().toList(),
                sink().setMaxBatchSize(10).setMaxBufferedRequests(100).setMaxInFlightRequests(2));

        assertThat(influx.writes()).filteredOn(r -> r.status() == 503).hasSize(3);
        assertThat(influx.storedLines()).containsExactlyInAnyOrderElementsOf(lines(1, 40));
        assertThat(counter(result.getJobID(), "influxdb.retries")).isEqualTo(3);
        assertThat(counter(result.getJobID(), "influxdb.writeErrors")).isEqualTo(3);
        assertThat(counter(result.getJobID(), "influxdb.pointsWritten")).isEqualTo(40);
    }

    @Test
    void handsThePointsRefusedWithA400OnAndWritesTheRestOfTheirBatch() throws Exception {
        // Each request with point 1 is refused: the batch of 4, then [1, 2], then [1] alone.
        String error = "{\"error\":\"partial write: field type conflict: input field \\\"n\\\" on measurement"
                + " \\\"m\\\" is type float, already exists as type integer dropped=1\"}";
        influx.refuseWritesWithLine(lines(1, 1).get(0), 400, error);
        CollectedRejects.LINES.clear();

        JobExecutionResult result = run(
                List.of(1L, 2L, 3L, 4L),
                sink().setMaxBatchSize(4).setMaxTimeInBufferMS(5_000).setRejectedPoints(new CollectedRejects()));

        assertThat(CollectedRejects.LINES)
                .containsExactly(
                        lines(1, 1).get(0) + " <- HTTP 400: partial write: field type "
                                + "conflict: input field \"n\" on measurement \"m\" is type float, already exists as type integer dropped=1");
        assertThat(influx.storedLines()).containsExactlyInAnyOrderElementsOf(lines(2, 4));
        assertThat(counter(result.getJobID(), "influxdb.pointsRejected")).isEqualTo(1);
        assertThat(counter(result.getJobID(), "influxdb.pointsWritten")).isEqualTo(3);
        assertThat(counter(result.getJobID(), "influxdb.retries")).isZero();
    }

    @Test
    void handsAWholeBatchOnAtOnceWhenInfluxDbDroppedEveryPoint() throws Exception {
        influx.answerNextWrites(1, 400, "{\"error\":\"partial write: points beyond retention policy dropped=3\"}");
        CollectedRejects.LINES.clear();

        run(
                List.of(1L, 2L, 3L),
                sink().setMaxBatchSize(3).setMaxTimeInBufferMS(5_000).setRejectedPoints(new CollectedRejects()));

        assertThat(CollectedRejects.LINES)
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).endsWith("beyond retention policy dropped=3"));
        assertThat(influx.writes()).hasSize(1); // no halving needed
    }

    /** Collects refused points in this JVM (the MiniCluster runs in it). */
    static final class CollectedRejects implements RejectedPoints {
        static final List<String> LINES = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Writer open() {
            return new Writer() {
                @Override
                public java.util.concurrent.CompletableFuture<Void> rejected(List<String> lines, String influxMessage) {
                    lines.forEach(line -> LINES.add(line + " <- " + influxMessage));
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                }

                @Override
                public void close() {}
            };
        }
    }

    @Test
    void failsWithARetryLimitWhenOneIsSet() {
        influx.answerNextWrites(100, 500, "{\"error\":\"engine: cache maximum memory size exceeded\"}");

        assertThatThrownBy(() -> run(List.of(1L), sink().setMaxRetries(2)))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, InfluxDbSinkException.class))
                        .get()
                        .extracting(Throwable::getMessage)
                        .asString()
                        .contains("HTTP 500", "cache maximum memory size exceeded", "gave up after 2 retries"));
        assertThat(influx.writes()).hasSize(3);
    }

    @Test
    void sendsCredentialsAsBasicAuthAndCreatesTheDatabase() throws Exception {
        run(List.of(1L, 2L), sink().setCredentials("grafana", "s3cret-pw"));

        String expected =
                "Basic " + Base64.getEncoder().encodeToString("grafana:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        assertThat(influx.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo(expected);
            assertThat(r.query().values()).noneMatch(v -> v.contains("s3cret-pw"));
        });
        assertThat(influx.requests().get(0).query()).containsEntry("q", "CREATE DATABASE \"regimes\"");
        assertThat(influx.writes())
                .allSatisfy(r ->
                        assertThat(r.query()).containsEntry("db", "regimes").containsEntry("precision", "ns"));
        assertThat(influx.storedLines()).isEqualTo(lines(1, 2));
    }

    @Test
    void failsAtStartWithAClearMessageAndNoPasswordWhenAuthenticationFails() {
        influx.answerEverything(401, "{\"error\":\"authorization failed\"}");

        assertThatThrownBy(() -> run(List.of(1L), sink().setCredentials("grafana", "s3cret-pw")))
                .satisfies(e -> {
                    assertThat(ExceptionUtils.findThrowable(e, InfluxDbSinkException.class))
                            .get()
                            .extracting(Throwable::getMessage)
                            .asString()
                            .contains(
                                    "authentication failed for user 'grafana' at " + influx.url(),
                                    "check --influxdb-username/--influxdb-password");
                    assertThat(stackTrace(e)).doesNotContain("s3cret-pw");
                });
        assertThat(influx.writes()).isEmpty();
    }

    @Test
    void failsOnAMissingDatabaseWhenNotAllowedToCreateIt() {
        influx.answerNextWrites(1, 404, "{\"error\":\"database not found: \\\"regimes\\\"\"}");

        assertThatThrownBy(() -> run(List.of(1L), sink().setCreateDatabaseIfMissing(false)))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, InfluxDbSinkException.class))
                        .get()
                        .extracting(Throwable::getMessage)
                        .asString()
                        .contains("database 'regimes' not found at " + influx.url()));
        assertThat(influx.requests()).noneMatch(r -> r.path().equals("/query"));
    }

    @Test
    void createsADatabaseThatDisappearedAndRetries() throws Exception {
        influx.answerNextWrites(1, 404, "{\"error\":\"database not found: \\\"regimes\\\"\"}");

        run(List.of(1L, 2L, 3L), sink());

        assertThat(influx.requests()).filteredOn(r -> r.path().equals("/query")).hasSize(2); // at start + after the 404
        assertThat(influx.storedLines()).isEqualTo(lines(1, 3));
    }

    private static InfluxDbSinkBuilder<Long> sink() {
        return InfluxDbSink.<Long>builder()
                .setUrl(influx.url())
                .setDatabase("regimes")
                .setPointConverter(n -> Point.measurement("m")
                        .tag("machine", "press " + (n % 3))
                        .field("n", n)
                        .timeNanos(n)
                        .toLineProtocol())
                .setRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private static List<String> lines(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(n -> "m,machine=press\\ " + (n % 3) + " n=" + n + "i " + n)
                .toList();
    }

    private static JobExecutionResult run(List<Long> elements, InfluxDbSinkBuilder<Long> sink) throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromData(elements).sinkTo(sink.build()).name("InfluxDB").uid("influxdb");
        return env.execute("influxdb sink test");
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    private static long counter(JobID job, String name) {
        return METRICS.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith(name))
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
