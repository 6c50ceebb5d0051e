package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shadow-model parts of the control and status topics' JSON: the announcement's mode and the status's report. */
class ShadowRecordsCodecTest {

    private static final String SHA = "ab".repeat(32);
    private static final long NOW = System.currentTimeMillis();

    @Test
    void anAnnouncementWithoutModeIsActiveAndAnActiveOneIsWrittenWithoutMode() {
        ModelAnnouncement parsed = ModelAnnouncementCodec.fromJson(json("{\"version\":\"k4-1\",\"sha256\":\"" + SHA
                + "\",\"location\":\"file:///m/k4.pmml\",\"publishedAt\":" + NOW + ",\"sequence\":1}"));
        ModelAnnouncement explicit = ModelAnnouncementCodec.fromJson(json(
                "{\"version\":\"k4-1\",\"sha256\":\"" + SHA + "\",\"location\":\"file:///m/k4.pmml\",\"publishedAt\":"
                        + NOW + ",\"sequence\":1,\"mode\":\"active\"}"));

        assertThat(parsed.mode()).isEqualTo(ModelAnnouncement.Mode.ACTIVE);
        assertThat(explicit).isEqualTo(parsed);
        // Byte for byte what jobs before shadow models read.
        assertThat(text(ModelAnnouncementCodec.toJson(parsed))).doesNotContain("mode");
    }

    @Test
    void aShadowAnnouncementRoundTripsWithItsMode() {
        ModelAnnouncement shadow = ModelAnnouncement.inline(
                        "k3-1", SHA, "<PMML/>".getBytes(StandardCharsets.UTF_8), NOW)
                .withMode(ModelAnnouncement.Mode.SHADOW);

        assertThat(text(ModelAnnouncementCodec.toJson(shadow))).contains("\"mode\":\"shadow\"");
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(shadow)))
                .isEqualTo(shadow)
                .satisfies(a -> assertThat(a.isShadow()).isTrue());
    }

    @Test
    void aRollbackIsWrittenOnlyWhenItIsOneAndMustBeABoolean() {
        ModelAnnouncement rollback =
                ModelAnnouncement.at("k4-1", SHA, "file:///m/k4.pmml", NOW).asRollback();

        assertThat(text(ModelAnnouncementCodec.toJson(rollback))).contains("\"rollback\":true");
        assertThat(ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(rollback))
                        .rollback())
                .isTrue();
        assertThat(text(ModelAnnouncementCodec.toJson(ModelAnnouncement.at("k4-1", SHA, "file:///m/k4.pmml", NOW))))
                .doesNotContain("rollback");
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(json("{\"version\":\"k4-1\",\"sha256\":\"" + SHA
                        + "\",\"location\":\"file:///m/k4.pmml\",\"publishedAt\":" + NOW
                        + ",\"sequence\":1,\"rollback\":\"yes\"}")))
                .hasMessageContaining("\"rollback\" must be true or false");
    }

    @Test
    void anUnknownOrMistypedModeIsRefusedSayingWhatIsAllowed() {
        String base = "{\"version\":\"k4-1\",\"sha256\":\"" + SHA
                + "\",\"location\":\"file:///m/k4.pmml\",\"publishedAt\":" + NOW + ",\"sequence\":1";
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(json(base + ",\"mode\":\"blue\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"mode\" must be \"active\", \"shadow\" or \"canary\", was 'blue'");
        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(json(base + ",\"mode\":1}")))
                .hasMessageContaining("\"mode\" must be a string");
    }

    @Test
    void aShadowReportStatusRoundTripsWithItsFiguresAndOtherStatusesHaveNone() {
        ShadowReport report = new ShadowReport(
                "k4-1", "k3-1", 1_000, 11_000, 10, 7, 0.125, new long[][] {{3, 0, 0}, {1, 2, 0}, {0, 1, 2}, {0, 0, 1}});
        ModelStatus status = new ModelStatus(
                "k3-1",
                ModelStatus.Outcome.SHADOW_REPORT,
                report.summary(),
                "inline PMML of k3-1",
                "score-regime 1/2",
                11_000,
                report);

        String json = text(ModelStatusCodec.toJson(status));
        assertThat(json)
                .contains(
                        "\"outcome\":\"shadow_report\"",
                        "\"agreementRate\":0.7",
                        "\"confusion\":[[3,0,0],[1,2,0],[0,1,2],[0,0,1]]");
        assertThat(ModelStatusCodec.fromJson(ModelStatusCodec.toJson(status))).isEqualTo(status);
        assertThat(report.summary())
                .isEqualTo("shadow k3-1 agreed with active k4-1 on 70.0 % of 10 readings, "
                        + "mean |probability difference| 0.1250");

        ModelStatus shadowing = new ModelStatus(
                "k3-1",
                ModelStatus.Outcome.SHADOWING,
                "scoring beside k4-1",
                "inline PMML of k3-1",
                "score-regime 1/2",
                9);
        assertThat(text(ModelStatusCodec.toJson(shadowing)))
                .contains("\"outcome\":\"shadowing\"")
                .doesNotContain("\"shadow\"");
        assertThat(ModelStatusCodec.fromJson(ModelStatusCodec.toJson(shadowing)))
                .isEqualTo(shadowing);
        assertThatThrownBy(() -> new ModelStatus("k3-1", ModelStatus.Outcome.SHADOW_REPORT, "", "", "t", 1))
                .hasMessageContaining("shadow_report status carries a shadow report");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
