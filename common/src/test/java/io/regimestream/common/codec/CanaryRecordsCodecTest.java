package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The canary parts of the control, prediction and status records: the announcement's mode and plan,
 * the prediction's {@code canary} flag (written only when set, so every other prediction stays byte
 * for byte what it was), and the figures behind a decision.
 */
class CanaryRecordsCodecTest {

    private static final String SHA = "ab".repeat(32);
    private static final long NOW = System.currentTimeMillis();

    @Test
    void aCanaryAnnouncementRoundTripsWithItsPlan() {
        CanaryPlan plan = new CanaryPlan(0.25, 120_000, 500, 0.03, 0.15);
        ModelAnnouncement canary = ModelAnnouncement.inline(
                        "k3-1", SHA, "<PMML/>".getBytes(StandardCharsets.UTF_8), NOW)
                .asCanary(plan);

        assertThat(text(ModelAnnouncementCodec.toJson(canary)))
                .contains(
                        "\"mode\":\"canary\"",
                        "\"canary\":{\"share\":0.25,\"promoteAfterMs\":120000,\"minReadings\":500,"
                                + "\"maxShareIncrease\":0.03,\"maxPsiIncrease\":0.15}");
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(canary)))
                .isEqualTo(canary)
                .satisfies(a -> assertThat(a.canary()).isEqualTo(plan));
        assertThat(text(ModelAnnouncementCodec.toJson(canary.withMode(ModelAnnouncement.Mode.ACTIVE))))
                .doesNotContain("canary");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                ",\"mode\":\"canary\"|needs \"canary\":{\"share\"",
                ",\"canary\":{\"share\":0.1,\"promoteAfterMs\":1,\"minReadings\":1,\"maxShareIncrease\":0,\"maxPsiIncrease\":0}|"
                        + "belongs to canary announcements",
                ",\"mode\":\"canary\",\"canary\":0.1|must be an object",
                ",\"mode\":\"canary\",\"canary\":{\"share\":0.1}|needs \"promoteAfterMs\"",
                ",\"mode\":\"canary\",\"canary\":{\"share\":1,\"promoteAfterMs\":1,\"minReadings\":1,\"maxShareIncrease\":0,\"maxPsiIncrease\":0}|"
                        + "\"share\" must lie between 0 and 1",
                ",\"mode\":\"canary\",\"canary\":{\"share\":0,\"promoteAfterMs\":1,\"minReadings\":1,\"maxShareIncrease\":0,\"maxPsiIncrease\":0}|"
                        + "\"share\" must lie between 0 and 1",
                ",\"mode\":\"canary\",\"canary\":{\"share\":0.1,\"promoteAfterMs\":-1,\"minReadings\":1,\"maxShareIncrease\":0,\"maxPsiIncrease\":0}|"
                        + "\"promoteAfterMs\" must be 0 to",
                ",\"mode\":\"canary\",\"canary\":{\"share\":0.1,\"promoteAfterMs\":1,\"minReadings\":0,\"maxShareIncrease\":0,\"maxPsiIncrease\":0}|"
                        + "\"minReadings\" must be at least 1",
                ",\"mode\":\"canary\",\"canary\":{\"share\":0.1,\"promoteAfterMs\":1,\"minReadings\":1,\"maxShareIncrease\":-0.1,\"maxPsiIncrease\":0}|"
                        + "\"maxShareIncrease\" must be a finite number",
                ",\"mode\":\"canary\",\"canary\":{\"share\":0.1,\"promoteAfterMs\":1,\"minReadings\":1,\"maxShareIncrease\":0,\"maxPsiIncrease\":\"x\"}|"
                        + "needs the number \"maxPsiIncrease\""
            })
    void aCanaryWithoutAPlanOrWithAPlanOutOfRangeIsRefusedSayingWhatIsWrong(String fields, String message) {
        byte[] json = ("{\"version\":\"k4-1\",\"sha256\":\"" + SHA + "\",\"location\":\"file:///m/k4.pmml\","
                        + "\"publishedAt\":" + NOW + ",\"sequence\":1" + fields + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCanarysPredictionSaysSoInBothFormatsAndNoOtherPredictionChanges() {
        Prediction active = new Prediction(
                "press-01", 1_764_213_600_000L, 57.3, 2, 0.9, new double[] {0.05, 0.05, 0.9}, "k4-1", 1L, false);
        Prediction canary = new Prediction(
                "press-01", 1_764_213_600_000L, 57.3, 1, 0.7, new double[] {0.1, 0.7, 0.2}, "k3-1", 1L, true, true);

        assertThat(text(PredictionCodec.toJson(active))).doesNotContain("canary");
        assertThat(text(CompactPredictionCodec.toJson(active))).doesNotContain("canary");
        assertThat(text(PredictionCodec.toJson(canary))).endsWith(",\"lowConfidence\":true,\"canary\":true}");
        assertThat(text(CompactPredictionCodec.toJson(canary)))
                .isEqualTo("{\"machineId\":\"press-01\",\"timestamp\":1764213600000,\"temperature\":57.3,\"regime\":1,"
                        + "\"modelVersion\":\"k3-1\",\"lowConfidence\":true,\"canary\":true}");

        assertThat(PredictionCodec.fromJson(PredictionCodec.toJson(canary))).isEqualTo(canary);
        assertThat(PredictionCodec.fromJson(PredictionCodec.toJson(active))).isEqualTo(active);
        assertThat(CompactPredictionCodec.fromJson(CompactPredictionCodec.toJson(canary)))
                .isEqualTo(CompactPrediction.of(canary))
                .satisfies(p -> assertThat(p.canary()).isTrue());
        assertThat(CompactPredictionCodec.fromJson(PredictionCodec.toJson(active))
                        .canary())
                .isFalse();
    }

    @Test
    void aCanaryDecisionCarriesItsFiguresAndNoOtherStatusDoes() {
        CanaryFigures figures = new CanaryFigures(
                "k3-1",
                "k4-1",
                0.25,
                1_000,
                61_000,
                new CanaryFigures.Side(1_200, 0.25, 0.125, 0.5),
                new CanaryFigures.Side(3_600, 0.03125, null, null));
        ModelStatus rolledBack = new ModelStatus(
                "k3-1",
                ModelStatus.Outcome.ROLLED_BACK,
                "rolled back: " + figures.summary(),
                "inline PMML of k3-1",
                "score-regime 1/2",
                61_050,
                figures);

        assertThat(text(ModelStatusCodec.toJson(rolledBack)))
                .contains(
                        "\"outcome\":\"rolled_back\"",
                        "\"canary\":{\"candidateVersion\":\"k3-1\",\"activeVersion\":\"k4-1\",\"share\":0.25,"
                                + "\"from\":1000,\"to\":61000,\"candidate\":{\"readings\":1200,\"lowConfidenceShare\":0.25,"
                                + "\"outOfRangeShare\":0.125,\"psi\":0.5},\"active\":{\"readings\":3600,"
                                + "\"lowConfidenceShare\":0.03125}}");
        assertThat(ModelStatusCodec.fromJson(ModelStatusCodec.toJson(rolledBack)))
                .isEqualTo(rolledBack);
        assertThat(figures.summary())
                .isEqualTo("canary k3-1: 1200 readings, 25.0 % low-confidence, 12.5 % out of range, PSI 0.500; "
                        + "active k4-1: 3600 readings, 3.1 % low-confidence");
        assertThatThrownBy(() -> new ModelStatus("k3-1", ModelStatus.Outcome.PROMOTED, "", "", "t", 1))
                .hasMessageContaining("a canary decision (promoted, rolled_back) carries its figures");
        assertThat(text(ModelStatusCodec.toJson(
                        new ModelStatus("k3-1", ModelStatus.Outcome.CANARY, "scores 25 %", "s", "t", 1))))
                .doesNotContain("\"canary\":{");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
