package io.regimestream.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.records.Reading;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.producer.TopicReader;
import io.regimestream.producer.sources.ReplaySource;
import io.regimestream.producer.sources.SimulatedSource;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The publisher as the demo uses it: in-process, on a thread, stopped from outside. */
class ReadingPublisherIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void stopEndsAnOpenEndedRunAfterFlushingSoEveryCountedRecordIsOnTheTopic() throws Exception {
        KAFKA.broker().createTopic("stop-test", 2);
        ReadingPublisher publisher = ReadingPublisher.builder()
                .kafkaProperties(kafka())
                .topic("stop-test")
                .source(new SimulatedSource(2, 1))
                .ratePerSecond(200)
                .build();

        CompletableFuture<PublishProgress> run = runInBackground(publisher);
        await().atMost(Duration.ofSeconds(20)).until(() -> publisher.progress().sent() >= 50);
        publisher.stop();
        PublishProgress result = run.get(30, TimeUnit.SECONDS);

        assertThat(result.failed()).isZero();
        assertThat(result.pending())
                .as("records neither acknowledged nor failed after the flush")
                .isZero();
        assertThat(TopicReader.readAll(KAFKA.bootstrapServers(), "stop-test", (int) result.sent()))
                .hasSize((int) result.sent());
    }

    @Test
    void aRunEndsWhenItsSourceEnds() throws Exception {
        KAFKA.broker().createTopic("end-test", 1);
        ReadingPublisher publisher = ReadingPublisher.builder()
                .kafkaProperties(kafka())
                .topic("end-test")
                .ratePerSecond(0)
                .source(new ReplaySource(
                        List.of(new Reading("a", 1, 40), new Reading("b", 2, 50)), false, false, "list"))
                .build();

        assertThat(publisher.run().sent()).isEqualTo(2);
    }

    @Test
    void readingsTheBrokerNeverAcknowledgesAreCountedAsErrorsAndEveryAcknowledgedOneIsOnTheTopic() throws Exception {
        KAFKA.broker().createTopic("outage-test", 1);
        ReadingPublisher publisher = ReadingPublisher.builder()
                .kafkaProperties(kafka())
                .topic("outage-test")
                .source(new SimulatedSource(2, 3))
                .ratePerSecond(50)
                .maxBlock(Duration.ofSeconds(1))
                .closeTimeout(Duration.ofSeconds(1))
                .build();
        CompletableFuture<PublishProgress> run = runInBackground(publisher);
        await().atMost(Duration.ofSeconds(20)).until(() -> publisher.progress().sent() >= 20);

        PublishProgress result;
        KAFKA.broker().stop();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> publisher.progress().pending()
                                    + publisher.progress().failed()
                            > 0);
            publisher.stop();
            result = run.get(30, TimeUnit.SECONDS);
        } finally {
            KAFKA.broker().start();
        }

        assertThat(result.failed())
                .as("unacknowledged readings are errors after the final flush")
                .isPositive();
        assertThat(result.pending()).isZero();
        // A record can be written while its acknowledgement is lost, never the other way round.
        assertThat(TopicReader.readAll(KAFKA.bootstrapServers(), "outage-test", (int) result.sent())
                        .size())
                .isBetween((int) result.sent(), (int) (result.sent() + result.failed()));
    }

    private static Properties kafka() {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", KAFKA.bootstrapServers());
        return kafka;
    }

    /** Runs the publisher on another thread, as the demo does. */
    private static CompletableFuture<PublishProgress> runInBackground(ReadingPublisher publisher) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return publisher.run();
            } catch (KafkaUnavailableException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
