package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesAreNearestRanks() {
        long[] shuffled =
                LongStream.rangeClosed(1, 1000).map(i -> (i * 7919) % 1000 + 1).toArray();

        LatencyStats stats = LatencyStats.of(shuffled);

        assertThat(stats.count()).isEqualTo(1000);
        assertThat(stats.p50()).isEqualTo(500);
        assertThat(stats.p90()).isEqualTo(900);
        assertThat(stats.p99()).isEqualTo(990);
        assertThat(stats.p999()).isEqualTo(999);
        assertThat(stats.max()).isEqualTo(1000);
        assertThat(stats.mean()).isEqualTo(500.5);
    }

    @Test
    void aFewSlowRecordsMoveTheTailOnly() {
        long[] millis =
                LongStream.range(0, 10_000).map(i -> i < 9_950 ? 7 : 300).toArray();

        LatencyStats stats = LatencyStats.of(millis);

        assertThat(stats.p50()).isEqualTo(7);
        assertThat(stats.p99()).isEqualTo(7); // 0.5 % slow: p99 does not see them
        assertThat(stats.p999()).isEqualTo(300);
        assertThat(stats.max()).isEqualTo(300);
    }

    @Test
    void noRecordsGiveMinusOne() {
        LatencyStats stats = LatencyStats.of(new long[0]);

        assertThat(stats.count()).isZero();
        assertThat(stats.p50()).isEqualTo(-1);
        assertThat(stats.p999()).isEqualTo(-1);
        assertThat(stats.max()).isEqualTo(-1);
    }
}
