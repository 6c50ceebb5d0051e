package io.regimestream.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.Prediction;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.localservices.junit.InfluxDbExtension;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's prediction points in a real influxd: readings of one machine in the same millisecond
 * on one partition, with offsets 1000 apart (which overwrote each other with the former time
 * scheme), are each a point; a replay of one of them is not another point.
 */
class PredictionPointsIT {

    private static final long EVENT_MS = 1_764_213_600_123L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @Test
    void readingsOfOneMillisecondOnOnePartitionAreDistinctPointsAndAReplayOverwrites() throws Exception {
        List<ScoredReading> scored = List.of(
                scored(41.0, 0, 5),
                scored(57.0, 0, 1_005),
                scored(63.0, 0, 2_005),
                scored(48.0, 0, 1_000_000),
                scored(52.0, 1, 5),
                scored(41.0, 0, 5)); // the first one again, as after a failure
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromData(scored)
                .sinkTo(InfluxSinks.create(
                        new InfluxSettings(INFLUX.url(), "points_it", null, null), new PredictionPoints()))
                .name("InfluxDB")
                .uid("influxdb");
        env.execute("prediction points");

        assertThat(INFLUX.server().count("points_it", "SELECT count(temperature) FROM machine_regime"))
                .isEqualTo(5);
        assertThat(INFLUX.server().count("points_it", "SELECT sum(temperature) FROM machine_regime"))
                .isEqualTo(41 + 57 + 63 + 48 + 52);
    }

    private static ScoredReading scored(double temperature, int partition, long offset) {
        return new ScoredReading(
                new Prediction("press-01", EVENT_MS, temperature, 1, 0.9, new double[] {0.1, 0.9}, "v1", EVENT_MS + 5),
                partition,
                offset);
    }
}
