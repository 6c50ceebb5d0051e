package io.regimestream.common.codec;

import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelAnnouncementCodecTest {

    private static final String SHA = "ab".repeat(32);
    private static final long PUBLISHED = 1_764_213_600_000L;

    @Test
    void modelAnnouncementsRoundTripInlineAndByLocation() {
        ModelAnnouncement inline = ModelAnnouncement.inline("k3-1", SHA, "<PMML/>".getBytes(StandardCharsets.UTF_8), PUBLISHED);
        ModelAnnouncement byLocation = ModelAnnouncement.at("k4-2", SHA, "file:///models/k4/model.pmml", PUBLISHED + 1);
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(inline))).isEqualTo(inline);
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(byLocation))).isEqualTo(byLocation);
        assertThat(new String(ModelAnnouncementCodec.toJson(byLocation), StandardCharsets.UTF_8)).doesNotContain("\"pmml\":");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"sha256\":\"SHA\",\"location\":\"file:///m.pmml\",\"publishedAt\":NOW}|non-empty string \"version\"",
            "{\"version\":\"v\",\"location\":\"file:///m.pmml\",\"publishedAt\":NOW}|non-empty string \"sha256\"",
            "{\"version\":\"v\",\"sha256\":\"abc\",\"location\":\"file:///m.pmml\",\"publishedAt\":NOW}|64 hex digits",
            "{\"version\":\"v\",\"sha256\":\"SHA\",\"publishedAt\":NOW}|not neither",
            "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"file:///m\",\"pmml\":\"<PMML/>\",\"publishedAt\":NOW}|not both",
            "{\"version\":7,\"sha256\":\"SHA\",\"location\":\"file:///m\",\"publishedAt\":NOW}|\"version\" must be a string",
            "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"file:///m\"}|needs \"publishedAt\"",
            "{\"version\":\"v\\\\\",\"sha256\":\"SHA\",\"location\":\"file:///m\",\"publishedAt\":NOW}|\"version\" must be 1 to 64",
            "{\"version\":\"v\",\"sha256\":\"SHA\",\"location\":\"/m.pmml\",\"publishedAt\":NOW}|\"location\" must be a URI with a scheme",
            "[1]|must be a JSON object",
            "not json|not valid JSON"})
    void badModelAnnouncementsAreRefusedSayingWhatIsWrong(String json, String message) {
        byte[] bytes = json.replace("SHA", SHA).replace("NOW", String.valueOf(System.currentTimeMillis()))
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
}
