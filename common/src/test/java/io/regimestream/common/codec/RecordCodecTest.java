package io.regimestream.common.codec;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.common.records.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {

    private static final long KAFKA_TIME = 1_700_000_000_000L;

    @Test
    void parsesAFullReading() throws Exception {
        Reading r = RecordCodec.parseReading("{\"machineId\":\"press-01\",\"timestamp\":1764213600000,\"temperature\":57.3}", KAFKA_TIME);
        assertThat(r).isEqualTo(new Reading("press-01", 1764213600000L, 57.3));
    }

    @Test
    void acceptsTheOriginalArticlesMessagesAsTheyAre() throws Exception {
        Reading r = RecordCodec.parseReading("{\"Temperature\": 57, \"label\": 3}", KAFKA_TIME);
        assertThat(r).isEqualTo(new Reading(Reading.DEFAULT_MACHINE_ID, KAFKA_TIME, 57.0));
    }

    @Test
    void keysAreCaseInsensitiveAndUnknownFieldsAreIgnoredEvenWhenNested() throws Exception {
        Reading r = RecordCodec.parseReading(
                "{\"MACHINEID\":\"m\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"TimeStamp\":5,\"TEMPERATURE\":-3.5}", KAFKA_TIME);
        assertThat(r).isEqualTo(new Reading("m", 5, -3.5));
    }

    @Test
    void parsesIso8601Timestamps() throws Exception {
        assertThat(RecordCodec.parseReading("{\"timestamp\":\"2025-11-27T03:20:00Z\",\"temperature\":1}", KAFKA_TIME).timestamp())
                .isEqualTo(1764213600000L);
        assertThat(RecordCodec.parseReading("{\"timestamp\":\"2025-11-27T04:20:00+01:00\",\"temperature\":1}", KAFKA_TIME).timestamp())
                .isEqualTo(1764213600000L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                   | EMPTY",
            "'   '                                | EMPTY",
            "'not json'                           | NOT_JSON",
            "'{\"temperature\": 5'                | NOT_JSON",
            "'{\"temperature\": 5} trailing'      | NOT_JSON",
            "'[1,2]'                              | NOT_AN_OBJECT",
            "'57'                                 | NOT_AN_OBJECT",
            "'null'                               | NOT_AN_OBJECT",
            "'{}'                                 | MISSING_TEMPERATURE",
            "'{\"temperature\": \"57\"}'          | WRONG_TYPE",
            "'{\"temperature\": null}'            | WRONG_TYPE",
            "'{\"temperature\": true}'            | WRONG_TYPE",
            "'{\"temperature\": [57]}'            | WRONG_TYPE",
            "'{\"temperature\": NaN}'             | NOT_FINITE",
            "'{\"temperature\": -Infinity}'       | NOT_FINITE",
            "'{\"temperature\": 1e999}'           | NOT_FINITE",
            "'{\"temperature\": 5, \"machineId\": {}}' | INVALID_MACHINE_ID",
            "'{\"temperature\": 5, \"timestamp\": \"yesterday\"}' | INVALID_TIMESTAMP",
            "'{\"temperature\": 5, \"timestamp\": true}' | INVALID_TIMESTAMP",
    })
    void rejectsWithAReason(String message, RejectReason reason) {
        assertThatThrownBy(() -> RecordCodec.parseReading(message, KAFKA_TIME))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageNotContaining("Exception");
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutWalkingIt() {
        String deep = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"temperature\":1}";
        assertThatThrownBy(() -> RecordCodec.parseReading(deep, KAFKA_TIME))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON));
    }

    @Test
    void rejectsOverlongMachineIds() {
        String id = "m".repeat(RecordCodec.MAX_MACHINE_ID_LENGTH + 1);
        assertThatThrownBy(() -> RecordCodec.parseReading("{\"machineId\":\"" + id + "\",\"temperature\":1}", KAFKA_TIME))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_MACHINE_ID));
    }

    @Test
    void readingsRoundTrip() throws Exception {
        Reading r = new Reading("press-02", 1764213600123L, 48.125);
        assertThat(RecordCodec.parseReading(RecordCodec.toJson(r), 0)).isEqualTo(r);
    }

    @Test
    void predictionsAreFlatAndRoundTrip() throws Exception {
        Prediction p = new Prediction("press-01", 1764213600000L, 57.3, 2, 0.97,
                new double[] {0.01, 0.02, 0.97}, "20251127-abc", 1764213600050L);
        byte[] json = RecordCodec.toJson(p);
        var tree = RecordCodec.mapper().readTree(json);
        tree.fields().forEachRemaining(f -> assertThat(f.getValue().isValueNode()).as(f.getKey()).isTrue());
        assertThat(tree.get("probability2").asDouble()).isEqualTo(0.97);
        assertThat(RecordCodec.parsePrediction(json)).isEqualTo(p);
    }

    @Test
    void deadLettersKeepInvalidUtf8PayloadsByteForByte() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF};
        DeadLetter d = new DeadLetter(RejectReason.NOT_JSON, "not valid JSON", garbage, "machine-temperature", 3, 42, 7);
        byte[] json = RecordCodec.toJson(d);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"payloadEncoding\":\"base64\"");
        assertThat(RecordCodec.parseDeadLetter(json)).isEqualTo(d);
    }

    @Test
    void deadLettersKeepTextPayloadsReadable() {
        byte[] text = "{\"temperature\": \"hot\"}".getBytes(StandardCharsets.UTF_8);
        DeadLetter d = new DeadLetter(RejectReason.WRONG_TYPE, "must be a number", text, "t", 0, 1, 2);
        assertThat(new String(RecordCodec.toJson(d), StandardCharsets.UTF_8))
                .contains("\"reason\":\"wrong_type\"", "\"payloadEncoding\":\"utf8\"", "\"sourceOffset\":1");
        assertThat(RecordCodec.parseDeadLetter(RecordCodec.toJson(d))).isEqualTo(d);
    }

    @Test
    void lowConfidenceRoundTripsAndPredictionsWithoutTheFlagStillParse() {
        Prediction flagged = new Prediction("press-01", 1L, 52.4, 1, 0.51, new double[] {0.49, 0.51}, "v1", 2L, true);
        assertThat(RecordCodec.parsePrediction(RecordCodec.toJson(flagged))).isEqualTo(flagged);

        String older = "{\"machineId\":\"press-01\",\"timestamp\":1,\"temperature\":40.0,\"regime\":0,"
                + "\"confidence\":0.9,\"probability0\":0.9,\"probability1\":0.1,\"modelVersion\":\"v0\",\"processingTime\":2}";
        assertThat(RecordCodec.parsePrediction(older.getBytes(StandardCharsets.UTF_8)).lowConfidence()).isFalse();
    }

    private static final String SHA = "ab".repeat(32);
    private static final long PUBLISHED = 1_764_213_600_000L;

    @Test
    void modelAnnouncementsRoundTripInlineAndByLocation() {
        ModelAnnouncement inline = ModelAnnouncement.inline("k3-1", SHA, "<PMML/>".getBytes(StandardCharsets.UTF_8), PUBLISHED);
        ModelAnnouncement byLocation = ModelAnnouncement.at("k4-2", SHA, "file:///models/k4/model.pmml", PUBLISHED + 1);
        assertThat(RecordCodec.parseModelAnnouncement(RecordCodec.toJson(inline))).isEqualTo(inline);
        assertThat(RecordCodec.parseModelAnnouncement(RecordCodec.toJson(byLocation))).isEqualTo(byLocation);
        assertThat(new String(RecordCodec.toJson(byLocation), StandardCharsets.UTF_8)).doesNotContain("\"pmml\":");
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
        assertThatThrownBy(() -> RecordCodec.parseModelAnnouncement(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anAnnouncementCarriesTheModelsDriftBaselineAsModelJsonHasIt() {
        DriftBaseline baseline = new DriftBaseline(new ModelMetadata.TrainingDistribution(5000, 38.5, 71.25,
                new double[] {40, 41, 47, 48, 49, 56, 57, 65, 67}), List.of(new ModelMetadata.RegimeSummary(0, 40, 0.8, 1200)));
        ModelAnnouncement announced = ModelAnnouncement.at("k4-2", SHA, "file:///models/k4/model.pmml", PUBLISHED)
                .withBaseline(baseline);

        String json = new String(RecordCodec.toJson(announced), StandardCharsets.UTF_8);
        ModelAnnouncement read = RecordCodec.parseModelAnnouncement(json.getBytes(StandardCharsets.UTF_8));

        assertThat(json).contains("\"trainingDistribution\":{\"count\":5000,\"min\":38.5,\"max\":71.25,\"deciles\":[40.0,")
                .contains("\"regimes\":[{\"regime\":0,\"centroid\":40.0,\"spread\":0.8,\"count\":1200}]");
        assertThat(read.baseline().distribution().deciles()).containsExactly(baseline.distribution().deciles());
        assertThat(read.baseline().regimes()).isEqualTo(baseline.regimes());
        assertThat(RecordCodec.parseModelAnnouncement(RecordCodec.toJson(ModelAnnouncement.at("k4-2", SHA, "file:///m",
                PUBLISHED))).baseline()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"count\":9,\"min\":0,\"max\":10,\"deciles\":[1,2,3]}|must hold 9 cut points",
            "{\"count\":9,\"min\":0,\"max\":10,\"deciles\":[1,2,3,4,5,6,7,9,8]}|ascending",
            "{\"count\":9,\"min\":0,\"max\":5,\"deciles\":[1,2,3,4,5,6,7,8,9]}|within [min, max]",
            "{\"count\":9,\"min\":3,\"max\":1,\"deciles\":[1,2,3,4,5,6,7,8,9]}|finite min <= max",
            "\"deciles\"|must be as in model.json"})
    void anAnnouncementWithABaselineDriftCannotUseIsRefused(String distribution, String message) {
        byte[] bytes = ("{\"version\":\"v\",\"sha256\":\"" + SHA + "\",\"location\":\"file:///m\",\"publishedAt\":"
                + System.currentTimeMillis() + ",\"trainingDistribution\":" + distribution + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordCodec.parseModelAnnouncement(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void modelDriftEventsRoundTripWithAndWithoutTheirOptionalFigures() {
        ModelDrift machine = new ModelDrift("press-01", "1/2", 1_000, 601_000, 2400, 0.84, 0.5, 0.1, 3.2, true, true, 0.2,
                0.05, "k4-1");
        ModelDrift overall = new ModelDrift(null, "2/2", 1_000, 601_000, 9000, null, null, 0.02, null, false, false, 0.2,
                0.05, "k4-1");
        assertThat(RecordCodec.parseModelDrift(RecordCodec.toJson(machine))).isEqualTo(machine);
        assertThat(RecordCodec.parseModelDrift(RecordCodec.toJson(overall))).isEqualTo(overall);
        assertThat(new String(RecordCodec.toJson(machine), StandardCharsets.UTF_8)).contains("\"crossed\":[\"psi\",\"out_of_range\"]");
        assertThat(new String(RecordCodec.toJson(overall), StandardCharsets.UTF_8)).doesNotContain("machineId", "psi\"");
    }

    @Test
    void anAnnouncementTooLargeToBeInlineIsRefusedBeforeItIsParsed() {
        byte[] huge = new byte[ModelAnnouncementRule.MAX_ANNOUNCEMENT_BYTES + 1];
        assertThatThrownBy(() -> RecordCodec.parseModelAnnouncement(huge)).hasMessageContaining("is larger than the");
    }

    @Test
    void modelStatusesAndRegimeChangesRoundTrip() {
        ModelStatus status = new ModelStatus("k3-1", ModelStatus.Outcome.REJECTED, "fails its self-check", "inline PMML of k3-1",
                "score-regime 1/2", 9L);
        assertThat(RecordCodec.parseModelStatus(RecordCodec.toJson(status))).isEqualTo(status);
        assertThat(new String(RecordCodec.toJson(status), StandardCharsets.UTF_8)).contains("\"outcome\":\"rejected\"");

        RegimeChange change = new RegimeChange("press-01", 0, 2, 1764213600000L, 0.97, 3, "k4-1");
        assertThat(RecordCodec.parseRegimeChange(RecordCodec.toJson(change))).isEqualTo(change);
    }
}
