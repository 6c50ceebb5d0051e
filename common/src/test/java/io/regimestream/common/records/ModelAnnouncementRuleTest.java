package io.regimestream.common.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelAnnouncementRuleTest {

    private static final String SHA = "ab".repeat(32);
    private static final long NOW = 1_764_213_600_000L;
    private static final String SIGNATURE = Base64.getEncoder().encodeToString(new byte[64]);

    @Test
    void wellFormedAnnouncementsPass() {
        assertThatCode(() -> {
                    ModelAnnouncementRule.check(
                            ModelAnnouncement.at("k4-2e3d66839f72", SHA, "s3://models/k4/model.pmml", NOW), NOW);
                    ModelAnnouncementRule.check(
                            ModelAnnouncement.inline("v1.0_rc-2", SHA.toUpperCase(), bytes("<PMML/>"), NOW), NOW);
                    ModelAnnouncementRule.check(
                            ModelAnnouncement.at("v", SHA, "file:///m/model.pmml", NOW)
                                    .signed("key-1", SIGNATURE),
                            NOW);
                })
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "k4\nmeasurement,machine=x temperature=1",
                "k4\\",
                "k4 v",
                "k4,x=y",
                "",
                "\u00e9t\u00e9",
                "k4\"",
                "a-version-that-is-longer-than-sixty-four-characters-is-refused-too-yes"
            })
    void versionsThatCouldNotBeATagOrKeyAreRefusedWithoutQuotingThemRaw(String version) {
        assertThatThrownBy(() ->
                        ModelAnnouncementRule.check(ModelAnnouncement.at(version, SHA, "file:///m.pmml", NOW), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"version\" must be 1 to 64 letters")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getMessage().replace("\\u", "")).doesNotContain("\\"));
    }

    @Test
    void sha256MustBe64HexDigits() {
        assertThatThrownBy(
                        () -> ModelAnnouncementRule.check(ModelAnnouncement.at("v", "abc", "file:///m.pmml", NOW), NOW))
                .hasMessageContaining("64 hex digits");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/models/model.pmml",
                "models/model.pmml",
                "file:model.pmml",
                "file:///models/a b.pmml",
                "file:///models/a\nb",
                "file:\\\\host\\share\\model.pmml",
                "1http://x/y",
                "s3://bucket"
            })
    void locationsMustBeURIsWithASchemeAndAPath(String location) {
        assertThatThrownBy(() -> ModelAnnouncementRule.check(ModelAnnouncement.at("v", SHA, location, NOW), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"location\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void inlinePmmlIsCappedInUtf8Bytes() {
        byte[] limit = bytes("x".repeat(ModelAnnouncement.MAX_INLINE_PMML_BYTES));
        assertThatCode(() -> ModelAnnouncementRule.check(ModelAnnouncement.inline("v", SHA, limit, NOW), NOW))
                .doesNotThrowAnyException();
        // Half as many characters, but two bytes each: over the limit.
        byte[] twoByteChars = bytes("\u00e9".repeat(ModelAnnouncement.MAX_INLINE_PMML_BYTES / 2 + 1));
        assertThatThrownBy(
                        () -> ModelAnnouncementRule.check(ModelAnnouncement.inline("v", SHA, twoByteChars, NOW), NOW))
                .hasMessageContaining("inline \"pmml\" is " + (ModelAnnouncement.MAX_INLINE_PMML_BYTES + 2) + " bytes")
                .hasMessageContaining("by \"location\"");
    }

    @Test
    void publishedAtMustBeAPlausibleTime() {
        assertThatThrownBy(() -> ModelAnnouncementRule.check(ModelAnnouncement.at("v", SHA, "file:///m.pmml", 0), NOW))
                .hasMessageContaining("\"publishedAt\" must be epoch milliseconds after 2020-01-01");
        long nextWeek = NOW + Duration.ofDays(7).toMillis();
        assertThatThrownBy(() ->
                        ModelAnnouncementRule.check(ModelAnnouncement.at("v", SHA, "file:///m.pmml", nextWeek), NOW))
                .hasMessageContaining("in the future: check the publisher's clock");
    }

    @Test
    void signaturesMustBe64BytesOfBase64AndKeyIdsShortNames() {
        ModelAnnouncement a = ModelAnnouncement.at("v", SHA, "file:///m.pmml", NOW);
        assertThatThrownBy(() -> ModelAnnouncementRule.check(a.signed(null, "not base64!"), NOW))
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> ModelAnnouncementRule.check(
                        a.signed(null, Base64.getEncoder().encodeToString(new byte[10])), NOW))
                .hasMessageContaining("must be 64 bytes");
        assertThatThrownBy(() -> ModelAnnouncementRule.check(a.signed("key\n1", SIGNATURE), NOW))
                .hasMessageContaining("\"keyId\"");
    }

    @Test
    void printableEscapesControlCharactersAndBackslashesAndShortens() {
        assertThat(ModelAnnouncementRule.printable("a\nb\\")).isEqualTo("a\\u000ab\\u005c");
        assertThat(ModelAnnouncementRule.printable("x".repeat(100)))
                .startsWith("x".repeat(80) + "...")
                .endsWith("(100 characters)");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
