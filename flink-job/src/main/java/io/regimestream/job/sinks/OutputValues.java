package io.regimestream.job.sinks;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.PredictionWriter;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.job.canary.CanaryReportCodec;
import io.regimestream.job.records.JobOutput;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * The Kafka value of each output: the codec's JSON. Predictions go through one
 * {@link PredictionWriter} per sink task, made in {@link #open} (it is reused per record, not
 * thread-safe and not serializable), of the chosen record (--prediction-format), the full one with
 * probabilities at full precision or rounded (--probability-digits).
 *
 * <p>A dead letter's payload above {@link JobOutputSerializer#MAX_DEAD_LETTER_PAYLOAD_BYTES} (an oversized message can
 * be megabytes) is cut to its start: the whole dead letter must fit in one Kafka message (1 MB by
 * default), or the sink fails and the job restarts on the same record forever. The detail then says
 * where the whole message is.
 */
final class OutputValues implements SerializationSchema<JobOutput> {

    private static final long serialVersionUID = 1L;

    private final PredictionFormat format;
    private final ProbabilityRounding rounding;
    private transient PredictionWriter predictions;

    OutputValues(PredictionFormat format, ProbabilityRounding rounding) {
        this.format = Objects.requireNonNull(format);
        this.rounding = Objects.requireNonNull(rounding);
    }

    @Override
    public void open(InitializationContext context) {
        predictions = format.writer(rounding);
    }

    @Override
    public byte[] serialize(JobOutput out) {
        return switch (out.kind()) {
            case PREDICTION -> predictions.toJson(out.prediction().prediction());
            case DEAD_LETTER -> DeadLetterCodec.toJson(capped(out.deadLetter()));
            case REGIME_CHANGE -> RegimeChangeCodec.toJson(out.regimeChange());
            case MODEL_STATUS -> ModelStatusCodec.toJson(out.modelStatus());
            case MODEL_DRIFT -> ModelDriftCodec.toJson(out.modelDrift());
            case CANARY_REPORT -> CanaryReportCodec.toJson(out.canaryReport());
            case MODEL_HEALTH -> throw new IllegalArgumentException("drift figures have no Kafka record");
        };
    }

    private static DeadLetter capped(DeadLetter d) {
        int max = JobOutputSerializer.MAX_DEAD_LETTER_PAYLOAD_BYTES;
        if (d.payload().length <= max) {
            return d;
        }
        String detail = d.detail() + " [payload cut to its first " + max + " of "
                + d.payload().length + " bytes; the whole message is at " + d.sourceTopic() + "-" + d.partition() + "@"
                + d.offset() + "]";
        return new DeadLetter(
                d.reason(),
                detail,
                Arrays.copyOf(d.payload(), max),
                d.sourceTopic(),
                d.partition(),
                d.offset(),
                d.time());
    }
}
