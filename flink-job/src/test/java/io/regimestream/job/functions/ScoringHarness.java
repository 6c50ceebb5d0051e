package io.regimestream.job.functions;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.ScoringSettings;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/** {@link ScoreReadings} in Flink's operator test harness, with helpers to feed readings and read outputs by kind. */
final class ScoringHarness implements AutoCloseable {

    static final int MAX_PARALLELISM = 128;

    final ScoreReadings operator;
    final OneInputStreamOperatorTestHarness<KafkaRecord, JobOutput> harness;
    private long offset;

    private ScoringHarness(ScoreReadings operator, int parallelism, int subtask) throws Exception {
        this.operator = operator;
        this.harness = new OneInputStreamOperatorTestHarness<>(operator, MAX_PARALLELISM, parallelism, subtask);
        // As in the job (pipeline.generic-types: false): a Kryo-serialized type in the operator's state fails here.
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    }

    static ScoringHarness open(
            Path model,
            double lowConfidence,
            int debounce,
            ScoreReadings.ModelTopic topic,
            OperatorSubtaskState restoreFrom,
            int parallelism,
            int subtask)
            throws Exception {
        ScoringHarness h = new ScoringHarness(
                new ScoreReadings(
                        ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.UNLIMITED) /* readings of 2025 */,
                        model.toString(),
                        new ScoringSettings(
                                lowConfidence,
                                debounce,
                                ScoringSettings.DEFAULT_MAX_MACHINES_PER_TASK,
                                ScoringSettings.DEFAULT_MACHINE_IDLE_TIMEOUT),
                        topic,
                        DriftSettings.OFF),
                parallelism,
                subtask);
        h.harness.setup();
        if (restoreFrom == null) {
            h.harness.initializeEmptyState();
        } else {
            h.harness.initializeState(restoreFrom);
        }
        h.harness.open();
        return h;
    }

    static ScoringHarness open(Path model, OperatorSubtaskState restoreFrom) throws Exception {
        return open(model, 0.0, 3, null, restoreFrom, 1, 0);
    }

    void send(Reading reading) throws Exception {
        send(ReadingCodec.toJson(reading));
    }

    void send(byte[] value) throws Exception {
        long at = offset++;
        harness.processElement(new StreamRecord<>(new KafkaRecord(value, "readings", 0, at, 1_764_213_600_000L + at)));
    }

    List<JobOutput> outputs() {
        return harness.extractOutputValues();
    }

    List<Prediction> predictions() {
        return outputs().stream()
                .filter(o -> o.kind() == JobOutput.Kind.PREDICTION)
                .map(o -> o.prediction().prediction())
                .toList();
    }

    /** The statuses of decisions on announcements (not the warnings a task gives at start). */
    List<ModelStatus> statuses() {
        return allStatuses().stream()
                .filter(s -> s.outcome() != ModelStatus.Outcome.WARNING)
                .toList();
    }

    List<ModelStatus> allStatuses() {
        return outputs().stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_STATUS)
                .map(JobOutput::modelStatus)
                .toList();
    }

    List<RegimeChange> changes() {
        return outputs().stream()
                .filter(o -> o.kind() == JobOutput.Kind.REGIME_CHANGE)
                .map(JobOutput::regimeChange)
                .toList();
    }

    List<DeadLetter> deadLetters() {
        return outputs().stream()
                .filter(o -> o.kind() == JobOutput.Kind.DEAD_LETTER)
                .map(JobOutput::deadLetter)
                .toList();
    }

    OperatorSubtaskState snapshot(long checkpoint) throws Exception {
        return harness.snapshot(checkpoint, checkpoint);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
