package io.regimestream.job.testing;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.localservices.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The topics of one job run that follows a model topic (created on the broker: readings and
 * predictions with 2 partitions, the others with 1), the job's configuration for them, and how
 * tests send readings and model announcements to them.
 */
public final class JobTopics {

    public final String input;
    public final String output;
    public final String deadLetters;
    public final String models;
    public final String status;
    public final String changes;
    private final KafkaBroker broker;
    private final KafkaTopics kafka;

    private JobTopics(KafkaBroker broker, String name) {
        this.broker = broker;
        this.kafka = new KafkaTopics(broker);
        this.input = "readings-" + name;
        this.output = "regimes-" + name;
        this.deadLetters = "dlq-" + name;
        this.models = "models-" + name;
        this.status = "model-status-" + name;
        this.changes = "changes-" + name;
    }

    public static JobTopics create(KafkaBroker broker, String name) {
        JobTopics t = new JobTopics(broker, name);
        broker.createTopic(t.input, 2);
        broker.createTopic(t.output, 2);
        for (String topic : List.of(t.deadLetters, t.models, t.status, t.changes)) {
            broker.createTopic(topic, 1);
        }
        return t;
    }

    /**
     * The job on these topics with {@code model} as {@code --model}: exactly-once, checkpoints every
     * 500 ms, 2 scoring tasks, from the earliest offsets, no InfluxDB, readings of 2025 accepted.
     */
    public JobConfig config(Path model) {
        return JobConfig.defaults(broker.bootstrapServers())
                .withTopics(t -> t.withReadings(input)
                        .withPredictions(output)
                        .withDeadLetters(deadLetters)
                        .withModels(models)
                        .withModelStatus(status)
                        .withRegimeChanges(changes))
                .withKafka(k -> k.withGroupId("it-" + input).withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(model.toString()))
                .withInflux(null)
                .withKafka(k -> k.withDelivery(DeliveryMode.EXACTLY_ONCE).withTransactionalIdPrefix("it-" + input))
                .withValidation(
                        ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.UNLIMITED)); // readings of 2025
    }

    /** Announces on the model topic, keyed by version. */
    public void announce(ModelAnnouncement announcement) {
        kafka.send(
                models,
                List.of(new ProducerRecord<>(
                        models, bytes(announcement.version()), ModelAnnouncementCodec.toJson(announcement))));
    }

    /** Simulated readings of {@code machines} machines (one a second from 2025-11-27), keyed by machine. */
    public Readings readings(int machines, long seed) {
        return new Readings(RegimeSimulator.builder()
                .machines(machines)
                .seed(seed)
                .startMillis(1_764_213_600_000L)
                .intervalMillis(1000)
                .build());
    }

    /** Readings sent to the input topic, continuing from batch to batch. */
    public final class Readings {
        private final RegimeSimulator simulator;

        private Readings(RegimeSimulator simulator) {
            this.simulator = simulator;
        }

        /** Sends the next {@code n} readings and waits until the broker has them. */
        public List<Reading> send(int n) {
            List<Reading> sent = new ArrayList<>();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Reading r = simulator.next().reading();
                sent.add(r);
                records.add(new ProducerRecord<>(input, bytes(r.machineId()), ReadingCodec.toJson(r)));
            }
            kafka.send(input, records);
            return sent;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
