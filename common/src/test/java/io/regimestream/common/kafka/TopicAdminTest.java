package io.regimestream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.kafka.KafkaAdminException.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a command learns when Kafka does not answer; the answers of a real broker are in the producer's and job's ITs. */
class TopicAdminTest {

    @Test
    void aPortWhereNoBrokerListensIsUnreachableWithinTheTimeoutNamingTheAddress() throws Exception {
        String nobody = "127.0.0.1:" + freePort();
        Properties client = new Properties();
        client.put("bootstrap.servers", nobody);

        try (TopicAdmin admin = TopicAdmin.connect(client, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> admin.describe(List.of("readings")))
                    .isInstanceOfSatisfying(
                            KafkaAdminException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                    .hasMessage("cannot reach Kafka at " + nobody + " within 1 s");
        }
    }

    @Test
    void settingsKafkasClientRefusesAreSaidToBeTheSettings() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:9092");
        client.put("security.protocol", "NO_SUCH_PROTOCOL");

        assertThatThrownBy(() -> TopicAdmin.connect(client, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        KafkaAdminException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SETTINGS))
                .hasMessageStartingWith("cannot use the Kafka settings (bootstrap servers 127.0.0.1:9092): ")
                .hasMessageContaining("NO_SUCH_PROTOCOL");
    }

    @Test
    void theRootCauseIsNamedWhereItIsAnotherException() {
        Exception wrapped = new IllegalStateException("outer", new IOException("the telling reason"));

        assertThat(TopicAdmin.rootMessage(wrapped)).isEqualTo("outer (the telling reason)");
        assertThat(TopicAdmin.rootMessage(new IOException("alone"))).isEqualTo("alone");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
