package io.regimestream.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.codec.CompactPredictionCodec;
import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.canary.CanaryReport;
import io.regimestream.job.canary.CanaryReportCodec;
import io.regimestream.job.canary.CanarySeal;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.OutputSettings;
import io.regimestream.job.health.FitCounts;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import io.regimestream.job.records.ScoredReading;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one Kafka sink's serializer sends each kind of output to its topic, and the one InfluxDB converter each to its point. */
class JobOutputSerializerTest {

    private static final JobConfig CONFIG = JobConfig.defaults("127.0.0.1:1")
            .withModel(m -> m.withLocation("m.pmml"))
            .withTopics(t -> t.withReadings("in")
                    .withPredictions("predictions")
                    .withDeadLetters("dlq")
                    .withModels("models")
                    .withModelStatus("status")
                    .withRegimeChanges("changes")
                    .withDrift("drift"));
    private static final Prediction PREDICTION = new Prediction(
            "press-01",
            1_764_213_600_000L,
            57.3,
            2,
            0.9,
            new double[] {0.05, 0.05, 0.9},
            "v1",
            1_764_213_600_005L,
            false);
    private static final ModelDrift DRIFT =
            new ModelDrift("press-01", "1/2", 0, 600_000, 2400, 3.4, 0.6, 0.1, 6.3, true, true, 0.2, 0.05, "v1", false);
    private static final ScoredReading SCORED = new ScoredReading(PREDICTION, 1, 42);
    private static final DeadLetter DEAD_LETTER = new DeadLetter(
            RejectReason.NOT_JSON,
            "not valid JSON",
            "oops".getBytes(StandardCharsets.UTF_8),
            "in",
            0,
            7,
            1_764_213_600_000L);
    private static final RegimeChange CHANGE = new RegimeChange("press-01", 0, 2, 1_764_213_600_000L, 0.9, 3, "v1");
    private static final ModelStatus STATUS = new ModelStatus(
            "v2", ModelStatus.Outcome.ACTIVATED, "ok", "inline PMML of v2", "score-regime 1/2", 1_764_213_600_000L);

    private final KafkaRecordSerializationSchema<JobOutput> serializer =
            JobOutputSerializer.create(CONFIG.topics(), CONFIG.output());

    @BeforeEach
    void open() throws Exception {
        serializer.open(null, null);
    }

    @Test
    void eachKindGoesToItsTopicWithItsKeyAndFormat() {
        ProducerRecord<byte[], byte[]> prediction = serializer.serialize(JobOutput.of(SCORED), null, 5L);
        assertThat(prediction.topic()).isEqualTo("predictions");
        assertThat(text(prediction.key())).isEqualTo("press-01");
        assertThat(PredictionCodec.fromJson(prediction.value())).isEqualTo(PREDICTION);
        assertThat(prediction.timestamp()).isEqualTo(5L);

        ProducerRecord<byte[], byte[]> deadLetter = serializer.serialize(JobOutput.of(DEAD_LETTER), null, 5L);
        assertThat(deadLetter.topic()).isEqualTo("dlq");
        assertThat(text(deadLetter.key())).isEqualTo("not_json");
        assertThat(DeadLetterCodec.fromJson(deadLetter.value())).isEqualTo(DEAD_LETTER);

        ProducerRecord<byte[], byte[]> change = serializer.serialize(JobOutput.of(CHANGE), null, 5L);
        assertThat(change.topic()).isEqualTo("changes");
        assertThat(text(change.key())).isEqualTo("press-01");
        assertThat(RegimeChangeCodec.fromJson(change.value())).isEqualTo(CHANGE);

        ProducerRecord<byte[], byte[]> status = serializer.serialize(JobOutput.of(STATUS), null, null);
        assertThat(status.topic()).isEqualTo("status");
        assertThat(text(status.key())).isEqualTo("v2");
        assertThat(ModelStatusCodec.fromJson(status.value())).isEqualTo(STATUS);

        ProducerRecord<byte[], byte[]> drift = serializer.serialize(JobOutput.of(DRIFT), null, 5L);
        assertThat(drift.topic()).isEqualTo("drift");
        assertThat(text(drift.key())).isEqualTo("press-01");
        assertThat(ModelDriftCodec.fromJson(drift.value())).isEqualTo(DRIFT);
        ModelDrift overall =
                new ModelDrift(null, "2/2", 0, 600_000, 900, 0.3, 0.0, 0.0, 1.0, true, false, 0.2, 0.05, "v1", false);
        assertThat(text(serializer.serialize(JobOutput.of(overall), null, 5L).key()))
                .isEqualTo("overall/2/2");
    }

    @Test
    void driftFiguresHaveNoKafkaRecordAndAreFilteredOutBeforeTheSink() {
        JobOutput figures = JobOutput.of(new ModelHealth("press-01", "1/1", 0, 600_000, 900, 0.1, 0.0, 0.0, 1.0, "v1"));
        assertThat(figures.hasKafkaRecord()).isFalse();
        assertThat(figures.hasInfluxPoint()).isTrue();
        assertThat(JobOutput.of(DRIFT).hasKafkaRecord()).isTrue();
        assertThatThrownBy(() -> serializer.serialize(figures, null, 5L)).hasMessageContaining("has no Kafka topic");
    }

    @Test
    void probabilityDigitsOfTheConfigRoundThePredictionsOnlyInTheirJson() throws Exception {
        JobConfig compact = JobConfig.defaults("127.0.0.1:1")
                .withModel(m -> m.withLocation("m.pmml"))
                .withTopics(
                        t -> t.withReadings("in").withPredictions("predictions").withDeadLetters("dlq"))
                .withOutput(new OutputSettings(PredictionFormat.FULL, ProbabilityRounding.digits(2)));
        Prediction precise = new Prediction(
                "press-01",
                1_764_213_600_000L,
                57.3,
                2,
                0.91234,
                new double[] {0.00456, 0.0831, 0.91234},
                "v1",
                1_764_213_600_005L,
                false);

        KafkaRecordSerializationSchema<JobOutput> compactSerializer =
                JobOutputSerializer.create(compact.topics(), compact.output());
        compactSerializer.open(null, null);
        ProducerRecord<byte[], byte[]> record =
                compactSerializer.serialize(JobOutput.of(new ScoredReading(precise, 1, 42)), null, 5L);

        Prediction written = PredictionCodec.fromJson(record.value());
        assertThat(written.confidence()).isEqualTo(0.91);
        assertThat(written.probabilities()).containsExactly(0.0, 0.08, 0.91);
        assertThat(written.temperature()).isEqualTo(57.3);
        assertThat(written.regime()).isEqualTo(2);
    }

    @Test
    void theCompactFormatOfTheConfigWritesCompactPredictionsAndLeavesTheOtherRecordsAlone() throws Exception {
        JobConfig compact = CONFIG.withOutput(CONFIG.output().withPredictionFormat(PredictionFormat.COMPACT));
        KafkaRecordSerializationSchema<JobOutput> compactSerializer =
                JobOutputSerializer.create(compact.topics(), compact.output());
        compactSerializer.open(null, null);

        ProducerRecord<byte[], byte[]> record = compactSerializer.serialize(JobOutput.of(SCORED), null, 5L);

        assertThat(record.topic()).isEqualTo("predictions");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("press-01");
        assertThat(record.value()).isEqualTo(CompactPredictionCodec.toJson(PREDICTION));
        assertThat(CompactPredictionCodec.fromJson(record.value())).isEqualTo(CompactPrediction.of(PREDICTION));
        assertThat(compactSerializer
                        .serialize(JobOutput.of(DEAD_LETTER), null, 5L)
                        .value())
                .isEqualTo(serializer
                        .serialize(JobOutput.of(DEAD_LETTER), null, 5L)
                        .value());
    }

    @Test
    void theSinkNamesAllSixTopicsToFlinksLineageTheControlTopicForCanaryReports() {
        assertThat(((KafkaDatasetFacetProvider) serializer).getKafkaDatasetFacet())
                .hasValueSatisfying(
                        facet -> assertThat(facet.getTopicIdentifier().getTopics())
                                .containsExactly("predictions", "dlq", "changes", "status", "drift", "models"));
    }

    @Test
    void aCanaryReportGoesToTheControlTopicKeyedByTheCanarysVersionAndReadsBackSealed() {
        CanarySeal seal = new CanarySeal(CanarySeal.newKey());
        CanaryReport report = new CanaryReport(
                        seal.keyId(),
                        "k3-1",
                        7,
                        "k4-1",
                        1,
                        2,
                        1_000,
                        11_000,
                        new FitCounts(10, 2, 1, new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
                        new FitCounts(90, 3, 0, null),
                        null)
                .sealedWith(seal);
        var record = serializer.serialize(JobOutput.of(report), null, 5L);
        assertThat(record.topic()).isEqualTo("models");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("k3-1");
        assertThat(CanaryReportCodec.isReport(record.value())).isTrue();
        assertThat(CanaryReportCodec.read(record.value(), seal)).isEqualTo(report);
    }

    @Test
    void aMultiMegabyteDeadLetterPayloadIsCutSoTheDeadLetterFitsInAKafkaMessage() {
        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        DeadLetter oversized =
                new DeadLetter(RejectReason.OVERSIZED, "the message is 3145728 bytes", huge, "readings", 1, 42, 7);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(JobOutput.of(oversized), null, 7L);

        assertThat(record.value().length).isLessThan(1024 * 1024);
        DeadLetter sent = DeadLetterCodec.fromJson(record.value());
        assertThat(sent.payload()).isEqualTo(Arrays.copyOf(huge, JobOutputSerializer.MAX_DEAD_LETTER_PAYLOAD_BYTES));
        assertThat(sent.detail()).contains("3145728 bytes").contains("the whole message is at readings-1@42");
        assertThat(sent.reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(text(record.key())).isEqualTo("oversized");
    }

    @Test
    void aRecordWithoutATimestampGetsKafkasOwnTime() {
        assertThat(serializer.serialize(JobOutput.of(DEAD_LETTER), null, -1L).timestamp())
                .isNull();
        assertThat(serializer.serialize(JobOutput.of(DEAD_LETTER), null, null).timestamp())
                .isNull();
    }

    @Test
    void eachKindBecomesThePointOfItsOwnConverterAndAModelStatusNone() {
        JobOutputPoints points = new JobOutputPoints();
        assertThat(points.toLineProtocol(JobOutput.of(SCORED)))
                .isEqualTo(new PredictionPoints().toLineProtocol(SCORED));
        assertThat(points.toLineProtocol(JobOutput.of(DEAD_LETTER)))
                .isEqualTo(new DeadLetterPoints().toLineProtocol(DEAD_LETTER));
        assertThat(points.toLineProtocol(JobOutput.of(CHANGE)))
                .isEqualTo(new RegimeChangePoints().toLineProtocol(CHANGE));
        assertThat(JobOutput.of(STATUS).hasInfluxPoint()).isFalse();
        assertThat(JobOutput.of(SCORED).hasInfluxPoint()).isTrue();
        assertThat(JobOutput.of(DRIFT).hasInfluxPoint()).isTrue();
        ModelDrift cleared = new ModelDrift(
                "press-01", "1/2", 0, 600_000, 2400, 0.01, 0.0, 0.1, 0.3, false, false, 0.2, 0.05, "v2", true);
        assertThat(JobOutput.of(cleared).hasInfluxPoint())
                .as("a cleared drift is no model_drift point (annotations and the alert are drift raised)")
                .isFalse();
        assertThat(JobOutput.of(cleared).hasKafkaRecord()).isTrue();
        assertThatThrownBy(() -> points.toLineProtocol(JobOutput.of(STATUS))).hasMessageContaining("no InfluxDB point");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
