package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputRowTest {

    static ThroughputResult run(String mode, int p, double rate, double taskCpu, double processCpu, double brokerCpu) {
        ThreadUsage usage = new ThreadUsage(
                0, 1000, 1_000_000, processCpu, Map.of(ThreadKind.TASK, new ThreadUsage.Kind(p, taskCpu, 0, 0, 0)));
        ThreadUsage broker = new ThreadUsage(0, 1000, 1_000_000, brokerCpu, Map.of());
        // the whole run 10 % slower than its second half (a fresh JVM warming up)
        return new ThroughputResult(
                mode,
                p,
                0,
                1_000_000,
                10,
                rate * 0.9,
                rate,
                20,
                processCpu,
                brokerCpu,
                92,
                500,
                1,
                1.0,
                1.0,
                1.0,
                usage,
                broker,
                usage,
                broker);
    }

    @Test
    void mediansRatiosAndTheCpuBoundCeiling() {
        List<ThroughputResult> runs = List.of(
                run("raw-copy", 1, 100_000, 2, 3, 1),
                run("raw-copy", 2, 120_000, 2, 3, 1),
                run("raw-copy", 2, 140_000, 2, 3, 1),
                run("raw-copy", 2, 200_000, 2, 3, 1),
                run("job-compact", 1, 90_000, 8, 10, 2),
                run("job-compact", 2, 70_000, 8, 12, 2));

        List<ThroughputRow> rows = ThroughputRow.of(runs, 2);

        ThroughputRow p1 = rows.stream()
                .filter(r -> r.mode().equals("job-compact") && r.parallelism() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(p1.ratioToRawCopy()).isCloseTo(0.9, within(1e-9)); // against raw-copy p1
        assertThat(p1.ratioToBestRawCopy())
                .isCloseTo(0.9 * 100_000 / 140_000, within(1e-9)); // raw-copy's best median: p2
        // one task thread at 8 CPU-s per million: 125,000/s at most; 2 cores / (10 + 2) s per million: 166,667/s
        assertThat(p1.ceilingOnCores()).isCloseTo(125_000, within(1.0));
        ThroughputRow p2 = rows.stream()
                .filter(r -> r.mode().equals("job-compact") && r.parallelism() == 2)
                .findFirst()
                .orElseThrow();
        // two task threads: 250,000/s; the cores: 2 / (12 + 2) per million = 142,857/s
        assertThat(p2.ceilingOnCores()).isCloseTo(142_857, within(1.0));
        assertThat(p2.steadyCpuByKind()).containsEntry(ThreadKind.TASK, 8.0);
    }
}
