package io.regimestream.benchmarks.e2e;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.sinks.JobOutputSerializer;
import io.regimestream.model.RegimeModel;
import java.util.function.Consumer;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's whole per-record work without Flink, with the job's own classes (never copies), so
 * that when they get faster this figure moves with them: the job's framework-free core
 * {@link ReadingScorer} (size and UTF-8 check, parse, validation, fast-path scoring, low-confidence
 * flag, per-machine regime tracks, dead letters; its metrics on a group nobody reports) and the
 * job's {@link JobOutputSerializer} (the prediction JSON, and each output to its topic). What it
 * leaves out is Flink's: the source and sink operators, the task's mailbox, checkpoints, state.
 */
final class RawJob implements RawLoop.RecordHandler {

    private final ReadingScorer scorer;
    private final KafkaRecordSerializationSchema<JobOutput> serializer;
    private final Consumer<JobOutput> route = this::route;
    private Consumer<ProducerRecord<byte[], byte[]>> send;
    private Long timestamp;

    /** One per thread, as the job has one scorer per task, each with the model loaded by itself. */
    RawJob(JobConfig config) {
        this.scorer = new ReadingScorer(
                config.validation(),
                config.scoring(),
                RegimeModel.load(config.model().location()),
                new UnregisteredMetricsGroup());
        if (config.drift().enabled()) { // as the job's operator does
            scorer.monitorDrift(
                    new DriftMonitor(config.drift(), "1/1", new UnregisteredMetricsGroup(), scorer.machines()));
        }
        this.serializer = JobOutputSerializer.create(config.topics(), config.output());
        try {
            serializer.open(null, null); // as the job's Kafka sink does per task; it needs no context
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the job's Kafka serializer", e);
        }
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record, Consumer<ProducerRecord<byte[], byte[]>> send) {
        this.send = send;
        // the job's Kafka sink passes the input record's timestamp on; Kafka takes none as null, not -1
        this.timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
        scorer.process(
                record.value() == null ? new byte[0] : record.value(),
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                route);
    }

    private void route(JobOutput output) {
        if (output.hasKafkaRecord()) { // as the job's filter before its Kafka sink: drift figures are InfluxDB points
            // only
            send.accept(serializer.serialize(output, null, timestamp));
        }
    }
}
