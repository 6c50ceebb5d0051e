package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names as a thread dump of bin/job, raw-copy and the broker shows them, and as the kernel cuts them (15 characters). */
class ThreadKindTest {

    private static final String CHAIN =
            "Source: Kafka: in -> Score regime (PMML), detect regime changes -> Kafka records only -> "
                    + "Kafka: out, dlq, changes, status, drift: Writer -> Kafka: out, dlq, changes, status, drift: Committer";

    @Test
    void flinkNamesEachSubtaskThreadAfterItsTask() {
        assertThat(ThreadKind.of(CHAIN + " (1/2)#0")).isEqualTo(ThreadKind.TASK);
        assertThat(ThreadKind.of("Source Data Fetcher for " + CHAIN + " (2/2)#0"))
                .isEqualTo(ThreadKind.SOURCE_FETCHER);
        assertThat(ThreadKind.of("Time Trigger for " + CHAIN + " (1/2)#0")).isEqualTo(ThreadKind.TIMERS);
        assertThat(ThreadKind.of("System Time Trigger for " + CHAIN + " (1/2)#0"))
                .isEqualTo(ThreadKind.TIMERS);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "Source: Kafka: ;TASK",
                "raw-loop-0;TASK",
                "raw-fetch-1;SOURCE_FETCHER",
                "Source Data Fet;SOURCE_FETCHER",
                "kafka-producer-network-thread | producer-3;PRODUCER_IO",
                "kafka-producer-;PRODUCER_IO",
                "model-follower models score-regime 1/2;MODEL_FOLLOWER",
                "Checkpoint Timer;TIMERS",
                "Time Trigger fo;TIMERS",
                "data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0;BROKER_NETWORK",
                "data-plane-kafka-socket-acceptor-PLAINTEXT-PLAINTEXT-0;BROKER_NETWORK",
                "data-plane-kafka-request-handler-7;BROKER_REQUEST_HANDLER",
                "GC Thread#1;GC",
                "G1 Conc#0;GC",
                "G1 Refine#0;GC",
                "VM Thread;GC",
                "C2 CompilerThread0;JIT",
                "C1 CompilerThre;JIT",
                "main;JVM",
                "VM Periodic Task Thread;JVM",
                "SourceCoordinator-Source: Kafka: in;OTHER",
                "flink-pekko.actor.default-dispatcher-5;OTHER",
                "kafka-scheduler-3;OTHER",
                "kafka-admin-client-thread | g1-enumerator-admin-client;OTHER"
            })
    void kindsByName(String name, ThreadKind kind) {
        assertThat(ThreadKind.of(name)).isEqualTo(kind);
    }
}
