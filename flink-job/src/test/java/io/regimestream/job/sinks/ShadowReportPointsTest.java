package io.regimestream.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.records.JobOutput;
import org.junit.jupiter.api.Test;

class ShadowReportPointsTest {

    @Test
    void aShadowReportIsOneModelShadowPointWithItsConfusionAndOtherStatusesHaveNone() {
        ShadowReport report = new ShadowReport(
                "k4-1", "k3-1", 1_000, 1_764_213_600_000L, 5, 3, 0.25, new long[][] {{2, 0}, {1, 1}, {0, 1}});
        JobOutput out = JobOutput.of(new ModelStatus(
                "k3-1",
                ModelStatus.Outcome.SHADOW_REPORT,
                report.summary(),
                "inline PMML of k3-1",
                "score-regime 1/2",
                report.toMillis(),
                report));
        JobOutput activated =
                JobOutput.of(new ModelStatus("k3-1", ModelStatus.Outcome.ACTIVATED, "", "", "score-regime 1/2", 1));

        assertThat(out.hasInfluxPoint()).isTrue();
        assertThat(activated.hasInfluxPoint()).isFalse();
        assertThat(new JobOutputPoints().toLineProtocol(out))
                .isEqualTo(
                        "model_shadow,active_version=k4-1,shadow_version=k3-1,task=score-regime\\ 1/2 readings=5i,agreements=3i,"
                                + "mean_abs_probability_difference=0.25,agreement_rate=0.6,confusion_a0_s0=2i,confusion_a0_s1=0i,"
                                + "confusion_a1_s0=1i,confusion_a1_s1=1i,confusion_a2_s0=0i,confusion_a2_s1=1i 1764213600000000000");
    }
}
