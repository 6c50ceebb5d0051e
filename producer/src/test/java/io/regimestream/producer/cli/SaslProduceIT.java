package io.regimestream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.producer.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security settings reach Kafka through --kafka-properties: a real broker whose second listener
 * wants SASL/PLAIN credentials. (The plain listener stays, because the test fixture checks
 * readiness and the consumer reads back through it.)
 */
class SaslProduceIT {

    private static final int PLAIN_PORT = FreePorts.find();
    private static final int SASL_PORT = FreePorts.find();
    private static final int CONTROLLER_PORT = FreePorts.find();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(b -> b.port(PLAIN_PORT)
            .controllerPort(CONTROLLER_PORT)
            .property(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:" + PLAIN_PORT + ",SASL://127.0.0.1:" + SASL_PORT
                            + ",CONTROLLER://127.0.0.1:" + CONTROLLER_PORT)
            .property("advertised.listeners", "PLAINTEXT://127.0.0.1:" + PLAIN_PORT + ",SASL://127.0.0.1:" + SASL_PORT)
            .property("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
            .property("sasl.enabled.mechanisms", "PLAIN")
            .property(
                    "listener.name.sasl.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " user_producer=\"producer-secret\";"));

    @TempDir
    Path dir;

    @Test
    void credentialsFromAPropertiesFileAreUsedAndNeverPrinted() throws IOException {
        Path settings = clientSettings("producer-secret");

        CommandRun run = CommandRun.of(
                "--simulate",
                "--count",
                "5",
                "--rate",
                "0",
                "--topic",
                "sasl-test",
                "--bootstrap-servers",
                "127.0.0.1:" + SASL_PORT,
                "--kafka-properties",
                settings.toString(),
                "--connect-timeout",
                "10s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("producer-secret");
        assertThat(TopicReader.readAll(KAFKA.bootstrapServers(), "sasl-test", 5))
                .hasSize(5);
    }

    @Test
    void aWrongPasswordIsAClearErrorNotATimeout() throws IOException {
        Path settings = clientSettings("wrong");

        CommandRun run = CommandRun.of(
                "--simulate",
                "--count",
                "5",
                "--topic",
                "sasl-denied",
                "--bootstrap-servers",
                "127.0.0.1:" + SASL_PORT,
                "--kafka-properties",
                settings.toString(),
                "--connect-timeout",
                "10s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.err())
                .contains("refused authentication", "--kafka-properties")
                .doesNotContain("wrong\"");
    }

    private Path clientSettings(String password) throws IOException {
        return Files.write(
                dir.resolve("client-sasl.properties"),
                List.of(
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"producer\" password=\"" + password + "\";"));
    }
}
