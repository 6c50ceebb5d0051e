package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.Reading;
import io.regimestream.job.canary.CanaryScorer;
import io.regimestream.job.canary.CanarySplit;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * A canary's readings in the drift windows (the scorer on a simulated clock): while it runs, its
 * machines' figures are measured against the candidate and carry its version, beside an overall
 * series of its own; once it ends, its machines' windows start again under the active model.
 */
class ReadingScorerCanaryDriftTest {

    private static final long T0 = 1_764_000_000_000L; // a whole second
    private static final DriftSettings SETTINGS = new DriftSettings(Duration.ofSeconds(2), 5, 0.2, 0.05);
    private static final List<String> MACHINES =
            IntStream.range(0, 40).mapToObj(i -> "press-" + i).toList();

    private final RegimeModel active = RegimeModel.load(TestModels.committed().toString());
    private final RegimeModel candidate = RegimeModel.load(TestModels.second().toString());
    private final List<JobOutput> out = new ArrayList<>();
    private long now = T0;
    private long offset;

    @Test
    void aCanarysMachinesAreMeasuredAgainstTheCandidateWhileItRunsAndAgainstTheActiveModelAfter() {
        var metrics = new UnregisteredMetricsGroup();
        ReadingScorer scorer = new ReadingScorer(
                JobConfig.defaults().validation(), JobConfig.defaults().scoring(), active, metrics);
        scorer.useClock(() -> now);
        scorer.monitorDrift(new DriftMonitor(SETTINGS, "1/1", metrics, scorer.machines()));
        scorer.useCanary(
                new CanaryScorer(new LoadedModel(null, candidate), new CanaryPlan(0.5, 60_000, 10, 0.02, 0.1), active));

        now = T0 + 100;
        score(scorer, 10);
        now = T0 + 1_000;
        scorer.housekeeping(now, out::add);

        List<ModelHealth> during = healths();
        assertThat(during.stream().filter(h -> !h.overall()))
                .hasSize(MACHINES.size())
                .allSatisfy(h -> assertThat(h.modelVersion())
                        .as(h.machineId())
                        .isEqualTo(CanarySplit.scores(h.machineId(), 0.5) ? candidate.version() : active.version()));
        assertThat(during.stream().filter(ModelHealth::overall).map(ModelHealth::modelVersion))
                .as("an overall series per model")
                .containsExactlyInAnyOrder(active.version(), candidate.version());
        long canaryMachines =
                MACHINES.stream().filter(m -> CanarySplit.scores(m, 0.5)).count();
        assertThat(canaryMachines).as("both sides have machines").isBetween(5L, 35L);

        out.clear();
        scorer.useCanary(null); // rolled back: the active model scores every machine again
        now = T0 + 1_100;
        score(scorer, 10);
        now = T0 + 2_000;
        scorer.housekeeping(now, out::add);

        assertThat(healths())
                .isNotEmpty()
                .allSatisfy(h -> assertThat(h.modelVersion()).isEqualTo(active.version()));
        assertThat(healths().stream().filter(h -> !h.overall()))
                .hasSize(MACHINES.size())
                .allSatisfy(h -> assertThat(h.readings())
                        .as("%s: the candidate's readings are not in the active model's window", h.machineId())
                        .isEqualTo(CanarySplit.scores(h.machineId(), 0.5) ? 10 : 20));
    }

    private void score(ReadingScorer scorer, int perMachine) {
        for (int i = 0; i < perMachine; i++) {
            for (String machine : MACHINES) {
                Reading r = new Reading(machine, now, 45.0 + i);
                scorer.process(ReadingCodec.toJson(r), "readings", 0, offset++, now, out::add);
            }
        }
    }

    private List<ModelHealth> healths() {
        return out.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_HEALTH)
                .map(JobOutput::modelHealth)
                .toList();
    }
}
