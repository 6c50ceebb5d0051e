package io.regimestream.job.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.testing.TestModels;
import java.util.ArrayList;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** A task's canary control: the job's report key after a restore. */
class CanaryControlTest {

    @Test
    void aRestoredTaskSealsAndJudgesWithTheKeyOfTheCheckpointNotTheOneItWasBuiltWith() {
        byte[] built = CanarySeal.newKey();
        byte[] checkpointed = CanarySeal.newKey();
        CanaryControl fresh = control(built);
        fresh.start(scorer(), null, null);
        assertThat(fresh.seal().keyId()).isEqualTo(new CanarySeal(built).keyId());

        CanaryControl restored = control(built);
        restored.start(scorer(), new CanaryState(0, 1, checkpointed, null, null, null, 0, null, null), null);
        assertThat(restored.seal().keyId())
                .as("reports written before the checkpoint, not yet counted, must still verify")
                .isEqualTo(new CanarySeal(checkpointed).keyId());
    }

    private static CanaryControl control(byte[] key) {
        return new CanaryControl(
                "score-regime 1/1", 0, 1, key, 1_000, new UnregisteredMetricsGroup(), new ArrayList<>()::add);
    }

    private static ReadingScorer scorer() {
        return new ReadingScorer(
                ValidationRules.defaults(),
                JobConfig.defaults().scoring(),
                RegimeModel.load(TestModels.committed().toString()),
                new UnregisteredMetricsGroup());
    }
}
