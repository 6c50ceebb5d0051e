package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.testing.CollectingSink;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole scoring graph, as production builds it, on Flink's MiniCluster with a test source of
 * Kafka-like records and a collecting sink instead of Kafka: predictions, dead letters and regime
 * changes come out of the one operator chain without a broker (the Kafka ITs test the real thing).
 */
class RegimeScoringPipelineMiniClusterIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final Path MODEL = TestModels.committed();
    private static final String TOPIC = "readings-test";
    private static final long T0 = 1_764_213_600_000L;

    @Test
    void aScriptedSequenceGivesEveryPredictionTheDeadLetterAndTheDebouncedRegimeChanges() throws Exception {
        ExpectedRegimes regimes = new ExpectedRegimes(MODEL);
        // One machine, one reading a second; with the default debounce of 3, blips of one or two readings are no
        // change.
        double[] script = {40, 40, 40, 57, 40, 40, 57, 57, 57, 57, 66, 40, 66, 66, 66, 66, 57, 57};
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < script.length; i++) {
            values.add(ReadingCodec.toJson(new Reading("press-07", T0 + i * 1000L, script[i])));
        }
        byte[] malformed = "{\"machineId\": \"press-07\", \"temperature\": ".getBytes(StandardCharsets.UTF_8);
        values.add(5, malformed);

        JobConfig config = JobConfig.defaults()
                .withModel(m -> m.withLocation(MODEL.toString()))
                .withValidation(JobConfig.defaults().validation().withEventTimeSkew(EventTimeSkew.UNLIMITED));
        CollectingSink<JobOutput> outputs = new CollectingSink<>();
        PipelineIo io = PipelineIo.of(source(values), "Test: " + TOPIC, outputs, "Collected outputs");
        StreamExecutionEnvironment env =
                TestFlink.environment(TestFlink.settings(), 1); // one reader, so the machine's readings stay in order
        RegimeScoringPipeline.build(env, config, io);
        env.execute("whole graph without Kafka");

        List<JobOutput> written = outputs.collected();
        assertThat(written)
                .filteredOn(o -> o.kind() == JobOutput.Kind.PREDICTION)
                .extracting(o -> o.prediction().prediction().temperature() + " -> "
                        + o.prediction().prediction().regime())
                .containsExactly(java.util.Arrays.stream(script)
                        .mapToObj(t -> t + " -> " + regimes.regimeOf(t))
                        .toArray(String[]::new));
        assertThat(written)
                .filteredOn(o -> o.kind() == JobOutput.Kind.DEAD_LETTER)
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.deadLetter().reason()).isEqualTo(RejectReason.NOT_JSON);
                    assertThat(o.deadLetter().payload()).isEqualTo(malformed);
                    assertThat(o.deadLetter().sourceTopic()).isEqualTo(TOPIC);
                    assertThat(o.deadLetter().offset()).isEqualTo(5);
                });
        assertThat(written)
                .filteredOn(o -> o.kind() == JobOutput.Kind.REGIME_CHANGE)
                .extracting(JobOutput::regimeChange)
                .extracting(
                        c -> c.machineId() + " " + c.fromRegime() + "->" + c.toRegime() + " @" + (c.timestamp() - T0))
                .containsExactly(
                        "press-07 " + regimes.regimeOf(40) + "->" + regimes.regimeOf(57) + " @6000",
                        "press-07 " + regimes.regimeOf(57) + "->" + regimes.regimeOf(66) + " @12000");
        assertThat(regimes.regimeOf(40)).isNotEqualTo(regimes.regimeOf(57)); // else the script tests nothing
        assertThat(regimes.regimeOf(57)).isNotEqualTo(regimes.regimeOf(66));
    }

    /** The values as the records of one partition of {@link #TOPIC}, offsets 0, 1, ... */
    private static DataGeneratorSource<KafkaRecord> source(List<byte[]> values) {
        List<byte[]> copy = new ArrayList<>(values);
        GeneratorFunction<Long, KafkaRecord> records =
                index -> new KafkaRecord(copy.get(index.intValue()), TOPIC, 0, index, T0 + index * 1000L);
        return new DataGeneratorSource<>(records, copy.size(), TypeInformation.of(KafkaRecord.class));
    }
}
