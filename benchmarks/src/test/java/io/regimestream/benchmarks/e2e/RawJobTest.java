package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.CompactPredictionCodec;
import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The raw-job loop's handler does the job's work: predictions, dead letters and regime changes to their topics. */
class RawJobTest {

    /** The committed model (tests run in benchmarks/). */
    private static final Path MODEL = Path.of("..", "model-artifacts", "model.pmml");

    private final JobConfig config = FlinkRuns.config(
            "127.0.0.1:9",
            "test",
            "in",
            MODEL,
            DeliveryMode.AT_LEAST_ONCE,
            null,
            new Properties(),
            JobConfig.defaults().output());
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private final RawJob job = new RawJob(config);
    private long offset;

    private void handle(byte[] value) throws Exception {
        job.handle(new ConsumerRecord<>("in", 0, offset++, "m-1".getBytes(StandardCharsets.UTF_8), value), sent::add);
    }

    private List<ProducerRecord<byte[], byte[]>> to(String topic) {
        return sent.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Test
    void scoresAReadingIntoAPredictionKeyedByMachine() throws Exception {
        handle(ReadingCodec.toJson(new Reading("m-1", System.currentTimeMillis(), 41.0)));
        assertThat(to(config.topics().predictions())).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("m-1");
            Prediction p = PredictionCodec.fromJson(r.value());
            assertThat(p.machineId()).isEqualTo("m-1");
            assertThat(p.temperature()).isEqualTo(41.0);
            assertThat(p.regime()).isZero(); // 41 °C is idle in the committed model
        });
        assertThat(to(config.topics().deadLetters())).isEmpty();
    }

    @Test
    void writesCompactPredictionsWhenTheJobIsToldTo() throws Exception {
        JobConfig compact = config.withOutput(config.output().withPredictionFormat(PredictionFormat.COMPACT));
        new RawJob(compact)
                .handle(
                        new ConsumerRecord<>(
                                "in",
                                0,
                                0,
                                "m-1".getBytes(StandardCharsets.UTF_8),
                                ReadingCodec.toJson(new Reading("m-1", System.currentTimeMillis(), 41.0))),
                        sent::add);
        assertThat(to(config.topics().predictions())).singleElement().satisfies(r -> {
            assertThat(Json.mapper().readTree(r.value()).size()).isEqualTo(6);
            CompactPrediction p = CompactPredictionCodec.fromJson(r.value());
            assertThat(p.machineId()).isEqualTo("m-1");
            assertThat(p.regime()).isZero();
        });
    }

    @Test
    void sendsABadMessageToTheDeadLetterTopicWithItsReason() throws Exception {
        handle(ReadingLoader.BAD_MESSAGE);
        assertThat(to(config.topics().predictions())).isEmpty();
        assertThat(to(config.topics().deadLetters())).singleElement().satisfies(r -> {
            DeadLetter d = DeadLetterCodec.fromJson(r.value());
            assertThat(d.reason()).isEqualTo(RejectReason.NOT_JSON);
            assertThat(d.payload()).isEqualTo(ReadingLoader.BAD_MESSAGE);
        });
    }

    @Test
    void reportsARegimeChangeOnceTheNewRegimeHolds() throws Exception {
        long t = System.currentTimeMillis(); // the job refuses event times days off (--max-event-time-skew)
        handle(ReadingCodec.toJson(new Reading("m-1", t, 40.0)));
        for (int i = 1; i <= config.scoring().regimeChangeReadings(); i++) {
            handle(ReadingCodec.toJson(new Reading("m-1", t + i, 66.0)));
        }
        assertThat(to(config.topics().regimeChanges())).singleElement().satisfies(r -> {
            RegimeChange c = RegimeChangeCodec.fromJson(r.value());
            assertThat(c.machineId()).isEqualTo("m-1");
            assertThat(c.fromRegime()).isZero();
            assertThat(c.toRegime()).isEqualTo(3);
            assertThat(c.timestamp()).isEqualTo(t + 1);
        });
    }
}
