package io.regimestream.job.functions;

import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.ValidReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.EnumSet;

/** Parses and validates raw Kafka records; rejects go to {@link DeadLetters#TAG} with their reason. */
public class ParseAndValidate extends ProcessFunction<KafkaRecord, ValidReading> {

    private final ReadingValidator validator;
    private transient DeadLetters deadLetters;

    public ParseAndValidate(ValidationRules rules) {
        this.validator = new ReadingValidator(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetters.register(getRuntimeContext().getMetricGroup(),
                EnumSet.complementOf(EnumSet.of(RejectReason.SCORING_FAILED, RejectReason.INFLUXDB_REJECTED)));
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<ValidReading> out) {
        long now = System.currentTimeMillis();
        try {
            out.collect(new ValidReading(validator.validate(record, now), record));
        } catch (InvalidRecordException e) {
            ctx.output(DeadLetters.TAG, deadLetters.reject(record, e.reason(), e.getMessage(), now));
        }
    }
}
