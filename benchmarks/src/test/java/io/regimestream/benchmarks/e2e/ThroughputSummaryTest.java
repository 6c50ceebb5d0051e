package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputSummaryTest {

    private static ThroughputRun run(Mode mode, int parallelism, int machines, int round, double rate, double cpu) {
        return new ThroughputRun(
                mode.id(), parallelism, machines, round, 1000, 1.0, rate, 2.0, cpu, 1.0, 250.0, 0.5, 0.7);
    }

    private static List<ThroughputRun> runs() {
        List<ThroughputRun> runs = new ArrayList<>();
        double[][] rates = {{100, 300, 200}, {80, 90, 100}, {40, 50, 60}, {20, 25, 30}};
        Mode[] modes = {Mode.RAW_COPY, Mode.RAW_JOB, Mode.FLINK_AT_LEAST_ONCE};
        for (int r = 0; r < 3; r++) {
            for (int m = 0; m < modes.length; m++) {
                runs.add(run(modes[m], 2, 100, r, rates[m][r], 10 + m + r));
            }
            runs.add(run(Mode.FLINK_AT_LEAST_ONCE, 2, 100_000, r, rates[3][r], 20));
        }
        return runs;
    }

    @Test
    void mediansRangesAndRatiosOfMediansPerConfiguration() {
        List<ThroughputSummary.Row> rows = ThroughputSummary.of(runs());
        assertThat(rows)
                .extracting(ThroughputSummary.Row::mode)
                .containsExactly("raw-copy", "raw-job", "flink-at-least-once", "flink-at-least-once");
        ThroughputSummary.Row job = rows.get(2);
        assertThat(job.recordsPerSecond()).isEqualTo(new Spread(50, 40, 60, 3));
        assertThat(job.harnessCpuSecondsPerMillion().median()).isEqualTo(13.0);
        assertThat(job.ratioToRawCopy()).isCloseTo(50.0 / 200.0, within(1e-12));
        assertThat(job.ratioToRawJob()).isCloseTo(50.0 / 90.0, within(1e-12));
        // 100,000 machines: no raw loop ran on that input; raw-copy of the same parallelism stands in, raw-job does not
        ThroughputSummary.Row many = rows.get(3);
        assertThat(many.machines()).isEqualTo(100_000);
        assertThat(many.ratioToRawCopy()).isCloseTo(25.0 / 200.0, within(1e-12));
        assertThat(many.ratioToRawJob()).isNaN();
        assertThat(many.ratioToFewestMachines()).isCloseTo(25.0 / 50.0, within(1e-12));
        assertThat(job.ratioToFewestMachines()).isEqualTo(1.0);
    }

    @Test
    void resultJsonHoldsEveryRunAndTheSummary(@TempDir Path dir) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "bin/bench e2e --runs 3");
        report.put("throughputRuns", runs());
        report.put("throughput", ThroughputSummary.of(runs()));
        Path file = dir.resolve("bench.json");
        ResultFile.write(file, report);

        JsonNode json = ResultFile.mapper().readTree(file.toFile());
        assertThat(json.path("command").asText()).isEqualTo("bin/bench e2e --runs 3");
        assertThat(json.path("throughputRuns")).hasSize(12);
        JsonNode first = json.path("throughputRuns").get(0);
        assertThat(first.path("mode").asText()).isEqualTo("raw-copy");
        assertThat(first.path("loadBefore").asDouble()).isEqualTo(0.5);
        assertThat(first.path("outputBytesPerRecord").asDouble()).isEqualTo(250.0);
        JsonNode job = json.path("throughput").get(2);
        assertThat(job.path("recordsPerSecond").path("median").asDouble()).isEqualTo(50.0);
        assertThat(job.path("recordsPerSecond").path("min").asDouble()).isEqualTo(40.0);
        assertThat(job.path("recordsPerSecond").path("max").asDouble()).isEqualTo(60.0);
        assertThat(job.path("ratioToRawJob").asDouble()).isCloseTo(50.0 / 90.0, within(1e-12));
        assertThat(json.path("throughput").get(3).path("ratioToRawJob").asText())
                .isEqualTo("NaN");
    }
}
