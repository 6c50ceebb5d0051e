package io.regimestream.benchmarks.outside;

import static io.regimestream.benchmarks.outside.ThroughputRowTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.benchmarks.e2e.Spread;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static LatencyRow latency(String delivery, int p, double p50, double p99) {
        return new LatencyRow(
                delivery + "-full-p" + p,
                delivery,
                p,
                null,
                LatencySample.Clock.OUTPUT_APPEND,
                Spread.of(List.of(p50)),
                Spread.of(List.of(p99)),
                Spread.of(List.of(p99 * 2)),
                Spread.of(List.of(p99 * 3)),
                Spread.of(List.of(1.0)));
    }

    @Test
    void eachTargetMetMissedOrNotMeasured() {
        List<ThroughputRow> throughput = ThroughputRow.of(
                List.of(
                        run("raw-copy", 1, 100_000, 2, 3, 1),
                        run("raw-copy", 2, 110_000, 2, 3, 1),
                        run("job-compact", 1, 96_000, 8, 10, 2), // 0.87x the best raw-copy: met
                        run("job-compact", 2, 80_000, 8, 12, 2),
                        run("job-compact-no-drift", 1, 98_000, 8, 9.7, 2), // drift costs 2 %: met
                        run("job-full", 1, 66_000, 8, 10, 2)), // 0.6x: missed
                2);
        List<LatencyRow> latency = List.of(latency("at-least-once", 2, 7, 25), latency("at-least-once", 1, 6, 12));

        List<Targets.Target> targets = Targets.of(throughput, latency, 2);

        assertThat(targets)
                .extracting(Targets.Target::status)
                .containsExactly(
                        Targets.Status.MET,
                        Targets.Status.MISSED,
                        Targets.Status.NOT_MEASURED, // no exactly-once throughput run
                        Targets.Status.MISSED, // p99 25 ms at p2, bin/job's default here
                        Targets.Status.NOT_MEASURED,
                        Targets.Status.MET);
        assertThat(targets.get(0).measured()).contains("0.87x", "p1 96,000/s", "110,000/s (p2)");
        assertThat(targets.get(3).measured()).contains("p2: p50 7 / p99 25", "p1: p50 6 / p99 12");
        assertThat(targets.get(5).measured()).contains("p1: **-2.0 %**");
        assertThat(Targets.format(targets)).contains("| **no** |", "| not measured |", "| yes |");
    }
}
