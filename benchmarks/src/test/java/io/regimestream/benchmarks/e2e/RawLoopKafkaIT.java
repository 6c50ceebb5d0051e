package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The raw-job loop on a real Kafka broker (local-services, in-process KRaft): with a fetch thread
 * and a work thread per subtask it reads the whole input once, ends at the end offsets it saw at
 * start, and writes one prediction per valid reading and one dead letter per bad message.
 */
class RawLoopKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Path MODEL = Path.of("..", "model-artifacts", "model.pmml");

    @Test
    void rawJobWritesAPredictionPerReadingAndADeadLetterPerBadMessage() throws Exception {
        String input = "raw-loop-it-in";
        KAFKA.broker().createTopic(input, 4);
        ReadingLoader.Loaded loaded = ReadingLoader.load(KAFKA.bootstrapServers(), input, 5_000, 50, 100);
        JobConfig job = FlinkRuns.config(
                KAFKA.bootstrapServers(),
                "raw-loop-it",
                input,
                MODEL,
                DeliveryMode.AT_LEAST_ONCE,
                null,
                new Properties(),
                JobConfig.defaults().output());
        for (String topic : Topics.ofRun("raw-loop-it")) {
            KAFKA.broker().createTopic(topic, 4, Topics.OUTPUT_CONFIG);
        }

        long handled =
                RawLoop.run(input, 2, JobClients.consumer(job), JobClients.producer(job), () -> new RawJob(job), null);

        assertThat(handled).isEqualTo(5_000);
        assertThat(loaded.bad()).isEqualTo(50);
        assertThat(OutputTopic.read(KAFKA.bootstrapServers(), job.topics().predictions())
                        .records())
                .isEqualTo(loaded.valid());
        assertThat(OutputTopic.read(KAFKA.bootstrapServers(), job.topics().deadLetters())
                        .records())
                .isEqualTo(loaded.bad());
        assertThat(OutputTopic.read(KAFKA.bootstrapServers(), job.topics().regimeChanges())
                        .records())
                .isPositive();
    }
}
