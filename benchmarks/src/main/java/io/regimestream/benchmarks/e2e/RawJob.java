package io.regimestream.benchmarks.e2e;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.DetectRegimeChanges.RegimeTrack;
import io.regimestream.job.functions.ReadingValidator;
import io.regimestream.job.model.RegimeModel;
import io.regimestream.job.model.RegimeScore;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.sinks.DeadLetterSerializer;
import io.regimestream.job.sinks.PredictionSerializer;
import io.regimestream.job.sinks.RegimeChangeSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The job's whole per-record work without Flink, built from the job's own classes (never copies),
 * so that when they get faster this figure moves with them: {@link ReadingValidator} (size, UTF-8
 * check, parse, plausibility), {@link RegimeModel#score} (the fast path), the prediction as
 * {@link PredictionSerializer} writes it, each machine's {@link RegimeTrack} in a map (the
 * partitions a thread owns hold all readings of their machines, as keyBy does in the job), dead
 * letters through {@link DeadLetterSerializer} and regime changes through {@link RegimeChangeSerializer}.
 * What it leaves out is Flink's: metrics (counters, the latency histogram), serialization between
 * operators, state backends, checkpoints, the network stack between the scorer and the keyed
 * regime-change operator.
 */
final class RawJob implements RawLoop.RecordHandler {

    private final ReadingValidator validator;
    private final RegimeModel model;
    private final double lowConfidenceThreshold;
    private final int readingsToConfirm;
    private final PredictionSerializer predictions;
    private final DeadLetterSerializer deadLetters;
    private final RegimeChangeSerializer regimeChanges;
    private final Map<String, RegimeTrack> tracks = new HashMap<>();

    /** One per thread: the model is loaded per thread as each task of the job loads its own. */
    RawJob(JobConfig config) {
        this.validator = new ReadingValidator(config.validation());
        this.model = RegimeModel.load(config.modelLocation());
        this.lowConfidenceThreshold = config.lowConfidenceThreshold();
        this.readingsToConfirm = config.regimeChangeReadings();
        this.predictions = new PredictionSerializer(config.outputTopic());
        this.deadLetters = new DeadLetterSerializer(config.deadLetterTopic());
        this.regimeChanges = new RegimeChangeSerializer(config.regimeChangesTopic());
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record, Consumer<ProducerRecord<byte[], byte[]>> send) {
        KafkaRecord source = new KafkaRecord(record.value() == null ? new byte[0] : record.value(), record.topic(),
                record.partition(), record.offset(), record.timestamp());
        long now = System.currentTimeMillis();
        Reading reading;
        try {
            reading = validator.validate(source, now);
        } catch (InvalidRecordException e) {
            send.accept(deadLetter(source, e.reason(), e.getMessage(), now, record.timestamp()));
            return;
        }
        RegimeScore score;
        try {
            score = model.score(reading.temperature());
        } catch (RuntimeException e) {
            send.accept(deadLetter(source, RejectReason.SCORING_FAILED, "the model " + model.version()
                    + " could not score temperature " + reading.temperature() + ": " + e.getMessage(), now, record.timestamp()));
            return;
        }
        Prediction prediction = new Prediction(reading.machineId(), reading.timestamp(), reading.temperature(),
                score.regime(), score.confidence(), score.probabilities(), model.version(), System.currentTimeMillis(),
                score.confidence() < lowConfidenceThreshold);
        // the job's Kafka sink passes the input record's timestamp on
        send.accept(predictions.serialize(new ScoredReading(prediction, source.partition(), source.offset()), null, record.timestamp()));
        RegimeTrack track = tracks.get(prediction.machineId());
        if (track == null) {
            tracks.put(prediction.machineId(), RegimeTrack.settledIn(prediction.regime()));
            return;
        }
        RegimeTrack.Step step = track.next(prediction, readingsToConfirm);
        if (step.change() != null) {
            send.accept(regimeChanges.serialize(step.change(), null, record.timestamp()));
        }
        tracks.put(prediction.machineId(), step.track());
    }

    private ProducerRecord<byte[], byte[]> deadLetter(KafkaRecord source, RejectReason reason, String detail, long now, long timestamp) {
        DeadLetter letter = new DeadLetter(reason, detail, source.value(), source.topic(), source.partition(), source.offset(), now);
        return deadLetters.serialize(letter, null, timestamp);
    }
}
