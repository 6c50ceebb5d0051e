package io.regimestream.examples.python;

import static io.regimestream.examples.python.DebianClients.command;
import static io.regimestream.examples.python.DebianClients.example;
import static io.regimestream.examples.python.DebianClients.producer;
import static io.regimestream.examples.python.DebianClients.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.CompactPredictionCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Prediction;
import io.regimestream.examples.python.DebianClients.Background;
import io.regimestream.examples.python.DebianClients.Finished;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example scripts' command lines with Debian's python3, a real Kafka broker and a real influxd:
 * --help, the article's input lines, and the one-line errors for what users get wrong.
 */
class ScriptsCommandLineIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final KafkaBrokerExtension SASL_KAFKA = new KafkaBrokerExtension(b -> b.saslPlain("scripts", "s3cret-pw"));

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final InfluxDbExtension SECURED_INFLUX = new InfluxDbExtension(b -> b.auth("writer", "s3cret pw"));

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @BeforeAll
    static void debiansPython() {
        DebianClients.requireClients();
    }

    @ParameterizedTest
    @ValueSource(strings = {"produce_readings.py", "predictions_to_influxdb.py"})
    void helpListsTheOptionsEvenWithoutTheClientLibraries(String script) {
        for (List<String> command : List.of(
                command(example(script), "--help"),
                List.of(
                        DebianClients.INTERPRETER.toString(),
                        "-S",
                        example(script).toString(),
                        "--help"))) {
            Finished help = DebianClients.run(TIMEOUT, command);
            assertThat(help.exitCode()).as("%s", help).isZero();
            assertThat(help.stdout()).contains("usage: " + script, "--bootstrap-servers", "--kafka-property");
        }
    }

    /**
     * {@code python3 -S} leaves out site-packages, where Debian's python3-* packages are: like a
     * pyenv python3. Each script names the first library it misses (module, Debian package, PyPI package).
     */
    @ParameterizedTest
    @CsvSource({
        "produce_readings.py, confluent_kafka, python3-confluent-kafka, confluent-kafka",
        "predictions_to_influxdb.py, influxdb, python3-influxdb, influxdb"
    })
    void aPythonWithoutDebiansPackagesIsToldWhatToInstall(String script, String module, String debian, String pypi) {
        Finished run = DebianClients.run(
                TIMEOUT,
                List.of(
                        DebianClients.INTERPRETER.toString(),
                        "-S",
                        example(script).toString()));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.stderr())
                .startsWith("error: " + module + " is not installed for")
                .contains("sudo apt-get install " + debian, "/usr/bin/python3", "pip install " + pypi);
    }

    @Test
    void theProducerSendsTheArticlesLinesInTheReadingFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("temperatures.json");
        Files.writeString(file, "{\"Temperature\": 57}\n{\"Temperature\": 41, \"label\": 0}\n\n66.5\n");
        Finished sent = DebianClients.run(
                TIMEOUT,
                producer(
                        KAFKA.bootstrapServers(),
                        "--topic",
                        "article-readings",
                        "--file",
                        file.toString(),
                        "--rate",
                        "0"));
        assertThat(sent.exitCode()).as("%s", sent).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted("article-readings");
        List<String> readings = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            var reading = ReadingCodec.fromJson(new String(r.value(), StandardCharsets.UTF_8), -1);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(reading.machineId());
            assertThat(reading.timestamp())
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
            readings.add(reading.machineId() + " " + reading.temperature());
        }
        assertThat(readings).containsExactly("press-01 57.0", "press-01 41.0", "press-01 66.5");
    }

    @Test
    void theProducerNamesTheLineItCannotRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("temperatures.json");
        Files.writeString(file, "57\n{\"Temperature\": 41}\n{\"machine\": \"press-01\"}\n");
        Finished sent = DebianClients.run(
                TIMEOUT, producer(KAFKA.bootstrapServers(), "--topic", "never-written", "--file", file.toString()));
        assertThat(sent.exitCode()).as("%s", sent).isEqualTo(2);
        assertThat(sent.stderr())
                .isEqualTo("error: " + file + ":3: no numeric temperature in '{\"machine\": \"press-01\"}'\n");
    }

    @Test
    void theProducerNamesABrokerItCannotReach() {
        int nobody = FreePorts.find();
        Finished sent = DebianClients.run(
                TIMEOUT, producer("127.0.0.1:" + nobody, "--count", "3", "--rate", "0", "--timeout", "2"));
        assertThat(sent.exitCode()).as("%s", sent).isEqualTo(1);
        assertThat(sent.stderr())
                .contains("error: 3 of 3 readings not delivered to machine-temperature at 127.0.0.1:" + nobody)
                .contains("is a broker listening there?");
    }

    @Test
    void theWriterNamesAnInfluxDbItCannotReach() {
        int nobody = FreePorts.find();
        Finished writer = DebianClients.run(
                TIMEOUT, writer(KAFKA.bootstrapServers(), "--influxdb-url", "http://127.0.0.1:" + nobody));
        assertThat(writer.exitCode()).as("%s", writer).isEqualTo(1);
        assertThat(writer.stderr()).startsWith("error: cannot reach InfluxDB at http://127.0.0.1:" + nobody + ": ");
    }

    @Test
    void theWriterNamesATopicThatDoesNotExist() {
        Finished writer = DebianClients.run(
                TIMEOUT,
                writer(KAFKA.bootstrapServers(), "--topic", "no-such-predictions", "--influxdb-url", INFLUX.url()));
        assertThat(writer.exitCode()).as("%s", writer).isEqualTo(1);
        assertThat(writer.stderr())
                .startsWith("error: topic no-such-predictions does not exist at " + KAFKA.bootstrapServers())
                .contains("start the job first");
    }

    @Test
    void theWriterSkipsARecordThatIsNotAPredictionNamingItAndGoesOn() throws Exception {
        String topic = "predictions-and-a-stray";
        KAFKA.broker().createTopic(topic, 1);
        Prediction prediction = new Prediction(
                "press-07",
                1_764_213_600_000L,
                57.3,
                2,
                0.97,
                new double[] {0.01, 0.02, 0.97},
                "k3-test",
                1_764_213_600_012L,
                false);
        kafka.send(
                topic,
                List.of(
                        new ProducerRecord<>(topic, null, "{\"Temperature\": 57}".getBytes(StandardCharsets.UTF_8)),
                        record(topic, prediction)));
        Background writing = Background.start(writer(
                KAFKA.bootstrapServers(),
                "--topic",
                topic,
                "--group-id",
                "stray",
                "--influxdb-url",
                INFLUX.url(),
                "--influxdb-database",
                "stray"));
        await().atMost(TIMEOUT).until(() -> Outputs.pointCount(INFLUX.server(), "stray") == 1);
        Finished writer = writing.interrupt(TIMEOUT); // Ctrl-C
        assertThat(writer.exitCode()).as("%s", writer).isZero();
        assertThat(writer.stderr())
                .contains("skipped " + topic + "[0]@0: not a prediction: no machineId")
                .contains("wrote 1 predictions to stray.machine_regime (0 dropped by InfluxDB, 1 records skipped");
        assertThat(Outputs.points(INFLUX.server(), "stray"))
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .containsEntry("machine", "press-07")
                        .containsEntry("regime", "2")
                        .containsEntry("regime_id", "2")
                        .containsEntry("model_version", "k3-test")
                        .containsEntry("lag_ms", "12")
                        .containsEntry("low_confidence", "false")
                        .containsEntry("probability2", "0.97")
                        .containsEntry("time", "1764213600000"));
    }

    @Test
    void theWriterWritesACompactPredictionWithTheFieldsItHas() throws Exception {
        String topic = "compact-predictions";
        KAFKA.broker().createTopic(topic, 1);
        Prediction prediction = prediction("press-09", 1_764_213_700_000L, 61.5);
        kafka.send(topic, List.of(new ProducerRecord<>(topic, null, CompactPredictionCodec.toJson(prediction))));
        Background writing = Background.start(writer(
                KAFKA.bootstrapServers(),
                "--topic",
                topic,
                "--group-id",
                "compact",
                "--influxdb-url",
                INFLUX.url(),
                "--influxdb-database",
                "compact"));
        await().atMost(TIMEOUT).until(() -> Outputs.pointCount(INFLUX.server(), "compact") == 1);
        Finished writer = writing.interrupt(TIMEOUT); // Ctrl-C
        assertThat(writer.exitCode()).as("%s", writer).isZero();
        assertThat(writer.stderr()).contains("0 records skipped");
        assertThat(Outputs.points(INFLUX.server(), "compact")).singleElement().satisfies(p -> {
            assertThat(p)
                    .containsEntry("machine", "press-09")
                    .containsEntry("temperature", "61.5")
                    .containsEntry("regime", "1")
                    .containsEntry("model_version", "k2-test")
                    .containsEntry("low_confidence", "false")
                    .containsEntry("time", "1764213700000");
            assertThat(p.get("confidence")).as("not in a compact record").isNull();
            assertThat(p.get("lag_ms")).as("not in a compact record").isNull();
        });
    }

    @Test
    void whileInfluxDbIsDownTheWriterRetriesAndCommitsNothing() throws Exception {
        String topic = "predictions-during-an-outage";
        KAFKA.broker().createTopic(topic, 1);
        Background writing = Background.start(writer(
                KAFKA.bootstrapServers(),
                "--topic",
                topic,
                "--group-id",
                "outage",
                "--influxdb-url",
                INFLUX.url(),
                "--influxdb-database",
                "outage"));
        try {
            await().atMost(TIMEOUT).until(() -> writing.stderrSoFar().contains("writing predictions of " + topic));
            INFLUX.server().stop();
            List<ProducerRecord<byte[], byte[]>> predictions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                predictions.add(record(topic, prediction("press-0" + i, 1_764_213_600_000L + i, 50 + i)));
            }
            kafka.send(topic, predictions);
            List<ConsumerRecord<byte[], byte[]>> sent = kafka.readCommitted(topic);
            await().atMost(TIMEOUT)
                    .until(() -> writing.stderrSoFar().contains("cannot write to InfluxDB at " + INFLUX.url()));
            assertThat(Outputs.caughtUp(KAFKA.broker(), "outage", sent))
                    .as("offsets committed while InfluxDB is down")
                    .isFalse();
        } finally {
            INFLUX.server().start();
        }
        List<ConsumerRecord<byte[], byte[]>> sent = kafka.readCommitted(topic);
        await().atMost(TIMEOUT).until(() -> Outputs.caughtUp(KAFKA.broker(), "outage", sent));
        assertThat(Outputs.pointCount(INFLUX.server(), "outage")).isEqualTo(5);
        Finished writer = writing.stop(TIMEOUT);
        assertThat(writer.exitCode()).as("%s", writer).isZero();
        assertThat(writer.stderr()).contains("wrote 5 predictions");
    }

    @Test
    void theWriterTakesItsSettingsAndCredentialsFromTheEnvironment() throws Exception {
        String topic = "predictions-for-a-secured-influxdb";
        KAFKA.broker().createTopic(topic, 1);
        kafka.send(topic, List.of(record(topic, prediction("press-02", 1_764_213_600_000L, 48.1))));
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                KAFKA.bootstrapServers(),
                "INFLUXDB_URL",
                SECURED_INFLUX.url(),
                "INFLUXDB_DATABASE",
                "from_env",
                "INFLUXDB_USERNAME",
                "writer");

        Finished refused = DebianClients.run(
                TIMEOUT, command(example("predictions_to_influxdb.py"), "--topic", topic), environment);
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("error: InfluxDB at " + SECURED_INFLUX.url() + " refused: ");

        Map<String, String> withPassword = new HashMap<>(environment);
        withPassword.put("INFLUXDB_PASSWORD", "s3cret pw");
        Background writing = Background.start(
                command(example("predictions_to_influxdb.py"), "--topic", topic, "--group-id", "from-env"),
                withPassword);
        await().atMost(TIMEOUT).until(() -> Outputs.pointCount(SECURED_INFLUX.server(), "from_env") == 1);
        Finished writer = writing.stop(TIMEOUT);
        assertThat(writer.exitCode()).as("%s", writer).isZero();
        assertThat(writer.stderr())
                .contains("wrote 1 predictions to from_env.machine_regime")
                .doesNotContain("s3cret");
    }

    @Test
    void theWriterNamesABrokerItCannotReach() {
        int nobody = FreePorts.find();
        Finished writer = DebianClients.run(TIMEOUT, writer("127.0.0.1:" + nobody, "--influxdb-url", INFLUX.url()));
        assertThat(writer.exitCode()).as("%s", writer).isEqualTo(1);
        assertThat(writer.stderr()).contains("error: cannot reach Kafka at 127.0.0.1:" + nobody + " within 15 s");
    }

    @Test
    void librdkafkaSettingsReachTheClientForSasl() throws Exception {
        String[] sasl = {
            "--kafka-property", "security.protocol=SASL_PLAINTEXT",
            "--kafka-property", "sasl.mechanism=PLAIN",
            "--kafka-property", "sasl.username=scripts",
            "--kafka-property", "sasl.password=s3cret-pw"
        };
        List<String> command = new ArrayList<>(
                producer(SASL_KAFKA.bootstrapServers(), "--topic", "sasl-readings", "--count", "3", "--rate", "0"));
        command.addAll(List.of(sasl));
        Finished sent = DebianClients.run(TIMEOUT, command);
        assertThat(sent.exitCode()).as("%s", sent).isZero();
        assertThat(new KafkaTopics(SASL_KAFKA.broker()).readCommitted("sasl-readings"))
                .hasSize(3);

        Finished bad = DebianClients.run(
                TIMEOUT, producer(SASL_KAFKA.bootstrapServers(), "--kafka-property", "sasl.username"));
        assertThat(bad.exitCode()).as("%s", bad).isEqualTo(2);
        assertThat(bad.stderr()).isEqualTo("error: --kafka-property must be KEY=VALUE, was 'sasl.username'\n");
    }

    /** A prediction of a 2-regime model, regime 1 at 0.9, scored 100 ms after its reading. */
    private static Prediction prediction(String machine, long timestamp, double temperature) {
        return new Prediction(
                machine, timestamp, temperature, 1, 0.9, new double[] {0.1, 0.9}, "k2-test", timestamp + 100, false);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Prediction prediction) {
        return new ProducerRecord<>(topic, null, PredictionCodec.toJson(prediction));
    }
}
