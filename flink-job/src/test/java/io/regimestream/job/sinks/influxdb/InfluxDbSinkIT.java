package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.Prediction;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.junit.InfluxDbExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink in a Flink MiniCluster writing to a real influxd, including an outage mid-stream. */
class InfluxDbSinkIT {

    private static final long START_MILLIS = 1_764_213_600_000L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final InfluxDbExtension SECURED_INFLUX = new InfluxDbExtension(b -> b.auth("admin", "right-pw"));

    @Test
    void writesEveryPointWithItsTagsAndFieldsIntoANewDatabase() throws Exception {
        List<Prediction> predictions = predictions(500);
        StreamExecutionEnvironment env = env(2);
        env.fromData(predictions)
                .sinkTo(sink(INFLUX.server(), "regimes_all").build())
                .name("InfluxDB")
                .uid("influxdb");

        env.execute("all points");

        List<JsonNode> rows = INFLUX.server()
                .rows(
                        "regimes_all",
                        "SELECT machine, model_version, regime_id, temperature, regime, confidence FROM machine_regime");
        assertThat(rows).hasSize(predictions.size());
        assertThat(rows.stream().map(InfluxDbSinkIT::storedRow).collect(Collectors.toSet()))
                .isEqualTo(predictions.stream().map(InfluxDbSinkIT::expectedRow).collect(Collectors.toSet()));
    }

    @Test
    void losesNothingWhenInfluxDbIsDownForSecondsMidStream() throws Exception {
        InfluxDbServer influxd = INFLUX.server();
        List<Prediction> predictions = predictions(300);
        StreamExecutionEnvironment env = env(1);
        env.fromData(predictions)
                .map(p -> {
                    Thread.sleep(20); // a slow stream, so that the outage falls in its middle
                    return p;
                })
                .name("slow source")
                .uid("slow")
                .sinkTo(sink(influxd, "regimes_outage")
                        .setRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .setRequestTimeout(Duration.ofSeconds(2))
                        .build())
                .name("InfluxDB")
                .uid("influxdb");

        JobClient job = env.executeAsync("outage");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(influxd, "regimes_outage") >= 50);
        influxd.stop();
        Thread.sleep(3000); // the stream goes on; the sink must hold its points and retry
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        influxd.start();
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        assertThat(count(influxd, "regimes_outage")).isEqualTo(300);
        List<JsonNode> times = influxd.rows("regimes_outage", "SELECT temperature FROM machine_regime");
        assertThat(times.stream().map(row -> row.get(0).asLong()).collect(Collectors.toSet()))
                .isEqualTo(predictions.stream().map(Prediction::timestamp).collect(Collectors.toSet()));
    }

    @Test
    void writesWithCredentialsAndFailsClearlyWithAWrongPassword() throws Exception {
        InfluxDbServer secured = SECURED_INFLUX.server();
        StreamExecutionEnvironment env = env(1);
        env.fromData(predictions(10))
                .sinkTo(sink(secured, "regimes_auth")
                        .setCredentials("admin", "right-pw")
                        .build())
                .name("InfluxDB")
                .uid("influxdb");
        env.execute("with credentials");
        assertThat(count(secured, "regimes_auth")).isEqualTo(10);

        StreamExecutionEnvironment wrong = env(1);
        wrong.fromData(predictions(10))
                .sinkTo(sink(secured, "regimes_auth")
                        .setCredentials("admin", "wrong-pw")
                        .build())
                .name("InfluxDB")
                .uid("influxdb");
        assertThatThrownBy(() -> wrong.execute("wrong password"))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, InfluxDbSinkException.class))
                        .get()
                        .extracting(Throwable::getMessage)
                        .asString()
                        .contains("authentication failed for user 'admin' at " + secured.url())
                        .doesNotContain("wrong-pw"));
    }

    @Test
    void failsAtStartOnADatabaseThatDoesNotExistWhenNotAllowedToCreateIt() {
        StreamExecutionEnvironment env = env(1);
        env.fromData(predictions(10))
                .sinkTo(sink(INFLUX.server(), "never_created")
                        .setCreateDatabaseIfMissing(false)
                        .build())
                .name("InfluxDB")
                .uid("influxdb");

        // "cannot write to InfluxDB" is the writer's check at open (an empty write), before any point is sent.
        assertThatThrownBy(() -> env.execute("missing database"))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, InfluxDbSinkException.class))
                        .get()
                        .extracting(Throwable::getMessage)
                        .asString()
                        .startsWith("cannot write to InfluxDB: database 'never_created' not found at " + INFLUX.url()));
    }

    /** The converter a job would use: tags for grouping, fields for values, the event time in ns. */
    private static InfluxDbSinkBuilder<Prediction> sink(InfluxDbServer influxd, String database) {
        return InfluxDbSink.<Prediction>builder()
                .setUrl(influxd.url())
                .setDatabase(database)
                .setPointConverter(p -> Point.measurement("machine_regime")
                        .tag("machine", p.machineId())
                        .tag("model_version", p.modelVersion())
                        .tag("regime_id", Integer.toString(p.regime()))
                        .field("temperature", p.temperature())
                        .field("regime", (long) p.regime())
                        .field("confidence", p.confidence())
                        .timeMillis(p.timestamp())
                        .toLineProtocol())
                .setMaxTimeInBufferMS(100);
    }

    private static List<Prediction> predictions(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new Prediction(
                        "press 0" + (i % 3 + 1),
                        START_MILLIS + i,
                        40.0 + i * 0.25,
                        i % 4,
                        0.5 + (i % 50) / 100.0,
                        new double[] {0.1, 0.2, 0.3, 0.4},
                        "v1, test",
                        START_MILLIS + i + 5))
                .toList();
    }

    /** What a prediction should look like in InfluxDB: time (ms), tags, then fields. */
    private static List<Object> expectedRow(Prediction p) {
        return List.of(
                p.timestamp(),
                p.machineId(),
                p.modelVersion(),
                Integer.toString(p.regime()),
                p.temperature(),
                (long) p.regime(),
                p.confidence());
    }

    /** A row of the SELECT above, typed like {@link #expectedRow} (JSON writes 52.0 as 52). */
    private static List<Object> storedRow(JsonNode row) {
        return List.of(
                row.get(0).asLong(),
                row.get(1).asText(),
                row.get(2).asText(),
                row.get(3).asText(),
                row.get(4).asDouble(),
                row.get(5).asLong(),
                row.get(6).asDouble());
    }

    private static long count(InfluxDbServer influxd, String database) {
        try {
            return influxd.count(database, "SELECT count(temperature) FROM machine_regime");
        } catch (RuntimeException notYetCreatedOrDown) {
            return 0;
        }
    }

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
