package io.regimestream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.producer.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The producer command, run in-process against a real in-process Kafka broker. */
class ProduceCommandIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void countDeliversExactlyThatManyRecordsKeyedByMachineWithReadingJson() {
        long before = System.currentTimeMillis();
        CommandRun run =
                produce("--simulate", "--machines", "3", "--count", "30", "--rate", "0", "--topic", "count-test");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("sent 30 readings to count-test", "0 errors");
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(KAFKA.bootstrapServers(), "count-test", 30);
        assertThat(records).hasSize(30);
        Map<String, Integer> perMachine = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Reading reading = parse(record);
            assertThat(reading.machineId()).isEqualTo(record.key());
            assertThat(reading.timestamp()).isBetween(before, System.currentTimeMillis());
            assertThat(reading.temperature()).isBetween(30.0, 80.0);
            perMachine.merge(record.key(), 1, Integer::sum);
        }
        assertThat(perMachine)
                .containsOnly(Map.entry("press-01", 10), Map.entry("press-02", 10), Map.entry("press-03", 10));
    }

    @Test
    void replayKeepsTheFileOrderOfEachMachineAndStampsReadingsWithoutTime() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String machine = "m" + (i % 4);
            // Every other line has no timestamp: it must get its send time; the rest keep theirs.
            lines.add(
                    i % 2 == 0
                            ? "{\"machineId\":\"" + machine + "\",\"timestamp\":" + (1_700_000_000_000L + i)
                                    + ",\"temperature\":" + i + "}"
                            : "{\"machineId\":\"" + machine + "\",\"temperature\":" + i + "}");
        }
        Path file = Files.write(dir.resolve("readings.json"), lines);
        long before = System.currentTimeMillis();

        CommandRun run =
                produce("--replay", file.toString(), "--rate", "0", "--topic", "replay-test", "--partitions", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(KAFKA.bootstrapServers(), "replay-test", 40);
        assertThat(records).hasSize(40);
        Map<String, List<Integer>> orderPerMachine = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Reading reading = parse(record);
            int line = (int) reading.temperature();
            orderPerMachine
                    .computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(line);
            if (line % 2 == 0) {
                assertThat(reading.timestamp()).isEqualTo(1_700_000_000_000L + line);
            } else {
                assertThat(reading.timestamp()).isGreaterThanOrEqualTo(before);
            }
        }
        assertThat(orderPerMachine).hasSize(4);
        orderPerMachine.forEach(
                (machine, order) -> assertThat(order).as(machine).isSorted().hasSize(10));
    }

    @Test
    void theRateIsRoughlyRespected() {
        CommandRun run = produce("--simulate", "--rate", "10", "--duration", "3s", "--topic", "rate-test");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // 10/s for 3 s is 30; the bound is generous on purpose (precise speed is for benchmarks).
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(KAFKA.bootstrapServers(), "rate-test", 20);
        assertThat(records.size()).isBetween(20, 40);
    }

    @Test
    void aMalformedLineIsReportedWithItsFileAndLineNumberAndNothingIsSent() throws IOException {
        Path file = Files.write(
                dir.resolve("bad.json"),
                List.of(
                        "{\"temperature\": 41.0}",
                        "{\"temperature\": 42.0}",
                        "{\"temperature\": \"hot\"}",
                        "{\"temperature\": 44.0}"));

        CommandRun run = produce("--replay", file.toString(), "--rate", "0", "--topic", "bad-test");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(file + ":3:", "--skip-bad");
        assertThat(run.out()).doesNotContain("sent");
    }

    @Test
    void skipBadSkipsAndReportsTheMalformedLineAndSendsTheRest() throws IOException {
        Path file = Files.write(
                dir.resolve("bad.csv"),
                List.of("machine,temperature", "press-01,41.0", "press-01,not-a-number", "press-01,43.0"));

        CommandRun run = produce("--replay", file.toString(), "--skip-bad", "--rate", "0", "--topic", "skip-test");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("skipped " + file + ":3:", "skipped 1 malformed line");
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(KAFKA.bootstrapServers(), "skip-test", 2);
        assertThat(records).extracting(r -> parse(r).temperature()).containsExactly(41.0, 43.0);
    }

    @Test
    void aMissingFileIsReportedWithoutTheSkipBadHint() {
        Path missing = dir.resolve("nowhere.json");

        CommandRun run = produce("--replay", missing.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(missing + ": no such file").doesNotContain("--skip-bad");
    }

    @Test
    void anUnreachableBrokerGivesAClearErrorWithinTheConnectTimeout() {
        String nowhere = "127.0.0.1:" + FreePorts.find();
        long start = System.nanoTime();

        CommandRun run =
                produce("--simulate", "--bootstrap-servers", nowhere, "--connect-timeout", "2s", "--count", "1");

        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(run.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.err()).contains("cannot reach Kafka at " + nowhere, "--bootstrap-servers");
        assertThat(seconds).as("seconds until the error").isLessThan(15);
    }

    @Test
    void aMissingTopicIsAnErrorWithNoCreateTopic() {
        CommandRun run = produce("--simulate", "--count", "1", "--topic", "not-there", "--no-create-topic");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.err()).contains("topic not-there does not exist");
    }

    @Test
    void optionsOfTheOtherModeAreRejected() {
        assertThat(produce("--simulate", "--loop").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(produce("--replay", "x.json", "--machines", "2").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(produce("--replay", "x.json", "--simulate").exitCode()).isEqualTo(ExitCodes.USAGE);
        CommandRun neither = produce("--count", "3");
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("--replay", "--simulate", "producer --help");
    }

    @Test
    void driftAfterShiftsTheChosenMachineOutOfTheTrainingRange() {
        CommandRun run = produce(
                "--simulate",
                "--count",
                "30",
                "--rate",
                "0",
                "--topic",
                "drift-test",
                "--drift-after",
                "0s",
                "--drift-machine",
                "press-02");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(KAFKA.bootstrapServers(), "drift-test", 30);
        assertThat(records).hasSize(30);
        for (ConsumerRecord<String, byte[]> record : records) {
            double temperature = parse(record).temperature();
            if (record.key().equals("press-02")) {
                assertThat(temperature)
                        .as("drifted: above the hottest regime (66 °C) + 25, still plausible")
                        .isBetween(85.0, 150.0);
            } else {
                assertThat(temperature).isBetween(30.0, 80.0);
            }
        }
    }

    @Test
    void driftOptionsAreCheckedBeforeAnythingIsSent() {
        CommandRun unknown =
                produce("--simulate", "--count", "1", "--drift-after", "1s", "--drift-machine", "press-09");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("press-09 is not one of the simulated machines press-01..press-03");
        assertThat(produce("--simulate", "--count", "1", "--drift-machine", "press-02")
                        .err())
                .contains("--drift-machine needs --drift-after");
        assertThat(produce("--replay", "x.json", "--drift-after", "1s").err()).contains("apply to --simulate only");
    }

    private static Reading parse(ConsumerRecord<String, byte[]> record) {
        try {
            return ReadingCodec.fromJson(record.value(), Reading.NO_TIMESTAMP);
        } catch (Exception e) {
            throw new AssertionError("not a reading: " + new String(record.value()), e);
        }
    }

    private static CommandRun produce(String... args) {
        List<String> all =
                new ArrayList<>(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--connect-timeout", "10s"));
        all.addAll(List.of(args)); // later options win
        return CommandRun.of(all.toArray(String[]::new));
    }
}
