package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuTimelineTest {

    @Test
    void interpolatesBetweenSamplesOverTheWindow() {
        CpuTimeline t = new CpuTimeline();
        t.add(new CpuTimeline.Sample(1_000, 0, 10_000_000_000L));
        t.add(new CpuTimeline.Sample(2_000, 2_000_000_000L, 10_500_000_000L));
        t.add(new CpuTimeline.Sample(3_000, 2_000_000_000L, 11_500_000_000L));
        // harness: 1.0 s at 1500 ms, 2.0 s from 2000 ms on
        assertThat(t.harnessSeconds(1_500, 3_000)).isCloseTo(1.0, within(1e-9));
        // broker: 10.25 s at 1500, 11.0 at 2500
        assertThat(t.brokerSeconds(1_500, 2_500)).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void aWindowTheSamplesDoNotCoverIsUnknown() {
        CpuTimeline t = new CpuTimeline();
        assertThat(t.harnessSeconds(0, 1)).isNaN();
        t.add(new CpuTimeline.Sample(1_000, 0, -1));
        t.add(new CpuTimeline.Sample(2_000, 1_000, -1));
        assertThat(t.harnessSeconds(500, 1_500)).isNaN();
        assertThat(t.brokerSeconds(1_000, 2_000)).isNaN();
    }
}
