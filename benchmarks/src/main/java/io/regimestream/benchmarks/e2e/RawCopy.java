package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.InvalidRecordException;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Consume -> parse -> write the reading back -> produce: the I/O limit every job mode is compared with. */
public final class RawCopy {

    private RawCopy() {}

    /** A raw-loop handler writing each reading, parsed and written again, to {@code output}; bad messages are dropped. */
    public static RawLoop.RecordHandler to(String output) {
        return (record, send) -> {
            try {
                send.accept(new ProducerRecord<>(
                        output,
                        record.key(),
                        ReadingCodec.toJson(ReadingCodec.fromJson(record.value(), record.timestamp()))));
            } catch (InvalidRecordException e) {
                // the I/O limit has no dead-letter topic
            }
        };
    }
}
