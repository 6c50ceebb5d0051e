package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka-fed writer's queue against a delivery the test answers by hand. */
class PointQueueTest {

    /** Each batch handed to the delivery, with the future the test completes as InfluxDB would. */
    record Request(List<String> lines, CompletableFuture<Void> answer) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private PointQueue queue;

    private PointQueue queue(int maxBatchSize, int maxInFlight, int maxBuffered, long maxTimeInBufferMs) {
        queue = new PointQueue(
                lines -> {
                    CompletableFuture<Void> answer = new CompletableFuture<>();
                    requests.add(new Request(lines, answer));
                    return answer;
                },
                new PointQueue.Limits(maxBatchSize, 1 << 20, maxInFlight, maxBuffered, maxTimeInBufferMs),
                PointDelivery.daemonTimer("test-flush"),
                () -> {});
        return queue;
    }

    @AfterEach
    void close() throws Exception {
        queue.close();
    }

    private static KafkaPoint point(int partition, long offset) {
        return new KafkaPoint(partition, offset, "m,p=" + partition + " v=" + offset + "i " + offset);
    }

    @Test
    void sendsAFullBatchAtOnceAndAPartialOneOnceItsOldestPointWaitedMaxTimeInBuffer() {
        queue(3, 4, 100, 300);
        for (int i = 0; i < 4; i++) {
            queue.add(point(0, i));
        }
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).lines()).hasSize(3);

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(requests.get(1).lines()).containsExactly(point(0, 3).line());
    }

    @Test
    void neverHasMoreThanMaxInFlightRequestsAndIsFullAtMaxBuffered() {
        queue(2, 2, 4, 60_000);
        for (int i = 0; i < 4; i++) {
            queue.add(point(0, i));
        }
        assertThat(requests).as("two batches of two in flight").hasSize(2);
        assertThat(queue.isFull()).isFalse();
        for (int i = 4; i < 8; i++) {
            queue.add(point(0, i));
        }
        assertThat(requests).as("no third request while two are in flight").hasSize(2);
        assertThat(queue.isFull()).as("four points buffered").isTrue();
        CompletableFuture<Void> room = queue.whenRoom();
        assertThat(room).isNotDone();
        assertThat(queue.pending()).isEqualTo(8);

        requests.get(0).answer().complete(null);
        assertThat(room).as("a confirmed batch wakes the reader").isDone();
        assertThat(requests).as("the next full batch goes out at once").hasSize(3);
        assertThat(queue.isFull()).isFalse();
        assertThat(queue.pending()).isEqualTo(6);
    }

    @Test
    void knowsEachPartitionsOldestUnconfirmedPointWhateverOrderInfluxDbAnswersIn() {
        queue(2, 4, 100, 60_000);
        queue.add(point(0, 10));
        queue.add(point(1, 50)); // batch 1: p0@10, p1@50
        queue.add(point(0, 11));
        queue.add(point(0, 12)); // batch 2: p0@11, p0@12
        queue.add(point(1, 51)); // buffered
        assertThat(requests).hasSize(2);
        assertThat(queue.oldestUnconfirmed(0)).isEqualTo(OptionalLong.of(10));
        assertThat(queue.oldestUnconfirmed(1)).isEqualTo(OptionalLong.of(50));

        requests.get(1).answer().complete(null); // batch 2 first: p0@10 still unconfirmed
        assertThat(queue.oldestUnconfirmed(0)).isEqualTo(OptionalLong.of(10));
        requests.get(0).answer().complete(null);
        assertThat(queue.oldestUnconfirmed(0)).as("all of p0 confirmed").isEmpty();
        assertThat(queue.oldestUnconfirmed(1)).as("p1@51, buffered").isEqualTo(OptionalLong.of(51));
        assertThat(queue.oldestUnconfirmed(7)).isEmpty();
        assertThat(queue.isEmpty()).isFalse();
    }

    @Test
    void aBatchFailedForGoodStopsTheQueueAndKeepsItsPointsUnconfirmed() {
        queue(1, 4, 100, 60_000);
        queue.add(point(0, 5));
        CompletableFuture<Void> failed = queue.whenFailed();
        assertThat(failed).isNotDone();

        requests.get(0).answer().completeExceptionally(new InfluxDbSinkException("authentication failed"));
        assertThat(failed).isDone();
        assertThat(queue.isFull()).as("the reader must stop and look").isTrue();
        assertThat(queue.whenRoom()).isDone();
        assertThatThrownBy(queue::throwIfFailed)
                .isInstanceOf(InfluxDbSinkException.class)
                .hasMessage("authentication failed");
        assertThat(queue.oldestUnconfirmed(0)).isEqualTo(OptionalLong.of(5));
    }

    @Test
    void isEmptyOnceEveryPointIsConfirmed() {
        queue(10, 4, 100, 50);
        queue.add(point(0, 1));
        CompletableFuture<Void> empty = queue.whenEmpty();
        assertThat(empty).isNotDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 1);
        requests.get(0).answer().complete(null);
        assertThat(empty).isDone();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.pending()).isZero();
    }
}
