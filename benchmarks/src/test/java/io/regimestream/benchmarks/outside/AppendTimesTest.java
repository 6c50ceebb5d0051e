package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppendTimesTest {

    @Test
    void ratesAndCountsInWindowsOfWallTime() {
        AppendTimes times = AppendTimes.of(new long[] {1_500, 1_000, 2_000, 2_000, 3_000});

        assertThat(times.records()).isEqualTo(5);
        assertThat(times.first()).isEqualTo(1_000);
        assertThat(times.last()).isEqualTo(3_000);
        assertThat(times.recordsPerSecond()).isEqualTo(2.5);
        assertThat(times.between(1_000, 2_000)).isEqualTo(4); // both ends included
        assertThat(times.between(1_001, 1_999)).isEqualTo(1);
        assertThat(times.between(3_001, 9_000)).isZero();
    }
}
