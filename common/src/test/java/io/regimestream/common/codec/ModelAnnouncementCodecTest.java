package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelAnnouncementCodecTest {

    private static final String SHA = "ab".repeat(32);
    private static final long PUBLISHED = 1_764_213_600_000L;

    @Test
    void modelAnnouncementsRoundTripInlineAndByLocation() {
        ModelAnnouncement inline =
                ModelAnnouncement.inline("k3-1", SHA, "<PMML/>".getBytes(StandardCharsets.UTF_8), PUBLISHED);
        ModelAnnouncement byLocation = ModelAnnouncement.at("k4-2", SHA, "file:///models/k4/model.pmml", PUBLISHED + 1);
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(inline)))
                .isEqualTo(inline);
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(byLocation)))
                .isEqualTo(byLocation);
        assertThat(new String(ModelAnnouncementCodec.toJson(byLocation), StandardCharsets.UTF_8))
                .doesNotContain("\"pmml\":");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"sha256\":\"SHA\",\"location\":\"file:///m.pmml\",\"publishedAt\":NOW,\"sequence\":1}|non-empty string \"version\"",
                "{\"version\":\"v\",\"location\":\"file:///m.pmml\",\"publishedAt\":NOW,\"sequence\":1}|non-empty string \"sha256\"",
                "{\"version\":\"v\",\"sha256\":\"abc\",\"location\":\"file:///m.pmml\",\"publishedAt\":NOW,\"sequence\":1}|64 hex digits",
                "{\"version\":\"v\",\"sha256\":\"SHA\",\"publishedAt\":NOW,\"sequence\":1}|not neither",
                "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"file:///m\",\"pmml\":\"<PMML/>\",\"publishedAt\":NOW,\"sequence\":1}|not both",
                "{\"version\":7,\"sha256\":\"SHA\",\"location\":\"file:///m\",\"publishedAt\":NOW,\"sequence\":1}|\"version\" must be a string",
                "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"file:///m\"}|needs \"publishedAt\"",
                "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"file:///m\",\"publishedAt\":NOW}|needs \"sequence\"",
                "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"file:///m\",\"publishedAt\":NOW,\"sequence\":0}|\"sequence\" must be a positive",
                "{\"version\":\"v\\\\\",\"sha256\":\"SHA\",\"location\":\"file:///m\",\"publishedAt\":NOW,\"sequence\":1}|\"version\" must be 1 to 64",
                "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"/m.pmml\",\"publishedAt\":NOW,\"sequence\":1}|\"location\" must be a URI with a scheme",
                "[1]|must be a JSON object",
                "not json|not valid JSON"
            })
    void badModelAnnouncementsAreRefusedSayingWhatIsWrong(String json, String message) {
        byte[] bytes = json.replace("SHA", SHA)
                .replace("NOW", String.valueOf(System.currentTimeMillis()))
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anAnnouncementTooLargeToBeInlineIsRefusedBeforeItIsParsed() {
        byte[] huge = new byte[ModelAnnouncementRule.MAX_ANNOUNCEMENT_BYTES + 1];
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(huge)).hasMessageContaining("is larger than the");
    }

    @Test
    void anAnnouncementCarriesTheModelsDriftBaselineAsModelJsonHasIt() {
        DriftBaseline baseline = new DriftBaseline(
                new ModelMetadata.TrainingDistribution(
                        5000, 38.5, 71.25, new double[] {40, 41, 47, 48, 49, 56, 57, 65, 67}),
                List.of(new ModelMetadata.RegimeSummary(0, 40, 0.8, 1200)),
                List.of(new ModelMetadata.TrainingDistribution(
                        1200, 38, 42, new double[] {39, 39.2, 39.5, 39.8, 40, 40.2, 40.5, 40.8, 41})));
        ModelAnnouncement announced = ModelAnnouncement.at("k4-2", SHA, "file:///models/k4/model.pmml", PUBLISHED)
                .withBaseline(baseline);

        String json = new String(ModelAnnouncementCodec.toJson(announced), StandardCharsets.UTF_8);
        ModelAnnouncement read = ModelAnnouncementCodec.fromJson(json.getBytes(StandardCharsets.UTF_8));

        assertThat(json)
                .contains("\"trainingDistribution\":{\"count\":5000,\"min\":38.5,\"max\":71.25,\"deciles\":[40.0,")
                .contains("\"regimes\":[{\"regime\":0,\"centroid\":40.0,\"spread\":0.8,\"count\":1200}]");
        assertThat(read.baseline().distribution().deciles())
                .containsExactly(baseline.distribution().deciles());
        assertThat(read.baseline().regimes()).isEqualTo(baseline.regimes());
        assertThat(json)
                .as("a field of its own, which a job that does not know it ignores")
                .contains("\"regimeDistributions\":[{\"count\":1200,\"min\":38.0,\"max\":42.0,");
        assertThat(read.baseline().regimeDistributions()).isEqualTo(baseline.regimeDistributions());
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(
                                ModelAnnouncement.at("k4-2", SHA, "file:///m", PUBLISHED)))
                        .baseline())
                .isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"count\":9,\"min\":0,\"max\":10,\"deciles\":[1,2,3]}|must hold 9 cut points",
                "{\"count\":9,\"min\":0,\"max\":10,\"deciles\":[1,2,3,4,5,6,7,9,8]}|ascending",
                "{\"count\":9,\"min\":0,\"max\":5,\"deciles\":[1,2,3,4,5,6,7,8,9]}|within [min, max]",
                "{\"count\":9,\"min\":3,\"max\":1,\"deciles\":[1,2,3,4,5,6,7,8,9]}|finite min <= max",
                "\"deciles\"|must be as in model.json",
                "{\"count\":9,\"min\":0,\"max\":10,\"deciles\":[1,2,3,4,5,6,7,8,9]},\"regimeDistributions\":[null]|a list holds null",
                "{\"count\":9,\"min\":0,\"max\":10,\"deciles\":[1,2,3,4,5,6,7,8,9]},\"regimeDistributions\":[{\"count\":9,\"min\":0,\"max\":1,\"deciles\":[1,2,3,4,5,6,7,8,9]}]|\"regimeDistributions\"[0].deciles must be ascending and within"
            })
    void anAnnouncementWithABaselineDriftCannotUseIsRefused(String distribution, String message) {
        byte[] bytes = ("{\"version\":\"v\",\"sha256\":\"" + SHA + "\",\"location\":\"file:///m\",\"publishedAt\":"
                        + System.currentTimeMillis() + ",\"sequence\":1,\"trainingDistribution\":" + distribution + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
