package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.sinks.JobOutputSerializer;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.KafkaTopics.Sent;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input through the real broker and the whole job: at least 10,000 malformed records of
 * every kind mixed with valid readings (some odd but valid). The job runs with restarts off, so a
 * single record that threw would fail it; it must finish, every bad record must be a dead letter
 * with a reason (matched by source offset), every valid one a prediction and an InfluxDB point.
 * Seeded: {@code -Dfuzz.seed=N} reproduces a run (the seed is printed).
 */
class FuzzInputIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int BAD_RECORDS = 10_000;
    private static final int VALID_READINGS = 2_000;
    /** The job's --max-message-bytes here: large enough that huge strings and numbers reach the parser. */
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    /** The one multi-megabyte message: within the topic's limit, above the job's, so OVERSIZED. */
    private static final int HUGE_MESSAGE_BYTES = 3 * 1024 * 1024;

    private static final int BROKER_LIMIT = 8 * 1024 * 1024;

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    /** One record to send: its bytes (null = a Kafka null value) and the reason expected, null for "any reason". */
    private record Fuzz(byte[] value, RejectReason expected, String kind) {}

    @Test
    void malformedRecordsAreDeadLettersWithAReasonAndEveryValidReadingIsScored() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20251127L);
        System.out.println("[fuzz] seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        Topics topics = new Topics("readings-fuzz", "regimes-fuzz", "dlq-fuzz");
        KAFKA.broker().createTopic(topics.input(), 2, Map.of("max.message.bytes", String.valueOf(BROKER_LIMIT)));
        KAFKA.broker().createTopic(topics.output(), 2);
        KAFKA.broker().createTopic(topics.deadLetters(), 1);

        List<Fuzz> bad = badRecords(random);
        List<Reading> valid = validReadings(random);
        List<Object> mixed = new ArrayList<>(bad);
        mixed.addAll(valid);
        Collections.shuffle(mixed, random);

        List<ProducerRecord<byte[], byte[]>> records = mixed.stream()
                .map(o -> o instanceof Fuzz f
                        ? new ProducerRecord<byte[], byte[]>(topics.input(), null, f.value())
                        : new ProducerRecord<byte[], byte[]>(topics.input(), null, ReadingCodec.toJson((Reading) o)))
                .toList();
        List<Sent> sent = kafka.send(
                topics.input(),
                records,
                Map.of(
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        BROKER_LIMIT,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        64L * 1024 * 1024));

        Path model = TestModels.committed();
        String database = "regimes_fuzz";
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, model, DeliveryMode.EXACTLY_ONCE)
                .withValidation(new ValidationRules(
                        ValidationRules.DEFAULT_MIN_TEMPERATURE,
                        ValidationRules.DEFAULT_MAX_TEMPERATURE,
                        MAX_MESSAGE_BYTES,
                        EventTimeSkew.UNLIMITED))
                .withInflux(new InfluxSettings(
                        INFLUX.url(),
                        database,
                        null,
                        null)); // any record that throws fails the job, and this test with it
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.noRestarts(), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
        long started = System.nanoTime();
        env.execute("fuzz"); // returns only if no record failed the job
        long took = System.nanoTime() - started;

        // Bad records: each one a dead letter with a reason, found by its source position.
        Map<String, Fuzz> badBySource = new HashMap<>();
        Map<String, Reading> validBySource = new HashMap<>();
        for (int i = 0; i < mixed.size(); i++) {
            String source = sent.get(i).metadata().partition() + "@"
                    + sent.get(i).metadata().offset();
            if (mixed.get(i) instanceof Fuzz f) {
                badBySource.put(source, f);
            } else {
                validBySource.put(source, (Reading) mixed.get(i));
            }
        }
        List<DeadLetter> deadLetters = kafka.readCommitted(topics.deadLetters()).stream()
                .map(r -> DeadLetterCodec.fromJson(r.value()))
                .toList();
        Delivery dlq = Delivery.compare(
                badBySource.keySet(),
                deadLetters.stream().map(d -> d.partition() + "@" + d.offset()).toList());
        assertThat(dlq.exactlyOnce())
                .as(
                        "dead letters by source position: %s; kinds of the first missing: %s",
                        dlq,
                        dlq.lostExamples().stream()
                                .map(k -> badBySource.get(k).kind())
                                .toList())
                .isTrue();
        for (DeadLetter d : deadLetters) {
            Fuzz f = badBySource.get(d.partition() + "@" + d.offset());
            assertThat(d.reason()).as("reason of %s", f.kind()).isNotNull();
            assertThat(d.detail()).as("detail of %s", f.kind()).isNotBlank();
            if (f.expected() != null) {
                assertThat(d.reason())
                        .as("reason of %s: %s", f.kind(), d.detail())
                        .isEqualTo(f.expected());
            }
            byte[] original = f.value() == null ? new byte[0] : f.value();
            // A multi-megabyte payload is cut to its start (JobOutputSerializer); the source position finds the rest.
            assertThat(d.payload())
                    .as("payload of %s", f.kind())
                    .isEqualTo(Arrays.copyOf(
                            original, Math.min(original.length, JobOutputSerializer.MAX_DEAD_LETTER_PAYLOAD_BYTES)));
        }

        // Valid readings: each one scored once, with the regime JPMML gives, in Kafka and in InfluxDB.
        ExpectedRegimes regimes = new ExpectedRegimes(model);
        List<Prediction> predictions = kafka.readCommitted(topics.output()).stream()
                .map(r -> PredictionCodec.fromJson(r.value()))
                .toList();
        Delivery scored = Delivery.compare(
                valid.stream()
                        .map(r -> r.machineId() + "|" + r.timestamp() + "|" + regimes.regimeOf(r.temperature()))
                        .toList(),
                predictions.stream()
                        .map(p -> p.machineId() + "|" + p.timestamp() + "|" + p.regime())
                        .toList());
        assertThat(scored.exactlyOnce()).as("predictions: %s", scored).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count(database, "SELECT count(\"temperature\") FROM machine_regime"))
                        .isEqualTo(valid.size()));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count(database, "SELECT sum(\"count\") FROM dead_letter"))
                        .isEqualTo(bad.size()));

        Map<String, Long> kinds = bad.stream().collect(Collectors.groupingBy(Fuzz::kind, Collectors.counting()));
        Map<String, Long> reasons = deadLetters.stream()
                .collect(Collectors.groupingBy(d -> d.reason().code(), Collectors.counting()));
        ReliabilityReport.of("fuzz")
                .put("seed", seed)
                .put("recordsSent", mixed.size())
                .delivery("valid", scored)
                .delivery("bad", dlq)
                .put("influxPoints", count(database, "SELECT count(\"temperature\") FROM machine_regime"))
                .put("restartStrategy", "none: any failure would have failed the job")
                .put("badKinds", kinds)
                .put("deadLetterReasons", reasons)
                .put("jobSeconds", ReliabilityReport.seconds(took))
                .write();
    }

    // ---------------------------------------------------------------- input

    private static List<Reading> validReadings(Random random) {
        RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(5)
                .seed(random.nextLong())
                .startMillis(1_764_213_600_000L)
                .intervalMillis(1000)
                .build();
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < VALID_READINGS; i++) {
            readings.add(simulator.next().reading());
        }
        // Odd but valid: machine ids line protocol and JSON must escape, boundary temperatures.
        String[] oddIds = {
            "press 01",
            "press,02",
            "press=03",
            "press\"04",
            "press\\05",
            "prèss-ø6",
            "機械-07",
            "emoji-🙂",
            "x".repeat(ReadingCodec.MAX_MACHINE_ID_LENGTH)
        };
        long t = 1_764_300_000_000L;
        for (String id : oddIds) {
            readings.add(new Reading(id, t++, 40 + random.nextDouble() * 30));
        }
        readings.add(new Reading("bounds", t++, ValidationRules.DEFAULT_MIN_TEMPERATURE));
        readings.add(new Reading("bounds", t++, ValidationRules.DEFAULT_MAX_TEMPERATURE));
        readings.add(new Reading("bounds", t++, 0.0));
        return readings;
    }

    private static List<Fuzz> badRecords(Random random) {
        List<Function<Random, Fuzz>> generators = List.of(
                FuzzInputIT::randomBytes,
                FuzzInputIT::truncatedJson,
                FuzzInputIT::deeplyNested,
                FuzzInputIT::hugeString,
                FuzzInputIT::hugeNumber,
                FuzzInputIT::wrongType,
                FuzzInputIT::nullish,
                FuzzInputIT::notFinite,
                FuzzInputIT::empty,
                FuzzInputIT::invalidUtf8,
                FuzzInputIT::outOfRange);
        List<Fuzz> bad = new ArrayList<>();
        bad.add(new Fuzz(hugeMessage(random), RejectReason.OVERSIZED, "multi-megabyte"));
        while (bad.size() < BAD_RECORDS) {
            bad.add(generators.get(random.nextInt(generators.size())).apply(random));
        }
        return bad;
    }

    private static Fuzz randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = (byte) ('!' + random.nextInt(90)); // never all blank (that is "empty", below)
        return new Fuzz(bytes, null, "random bytes");
    }

    private static Fuzz truncatedJson(Random random) {
        String json = "{\"machineId\":\"press-01\",\"timestamp\":1764213600000,\"temperature\":57.25}";
        return fuzz(json.substring(0, 1 + random.nextInt(json.length() - 1)), RejectReason.NOT_JSON, "truncated JSON");
    }

    private static Fuzz deeplyNested(Random random) {
        int depth = 65 + random.nextInt(random.nextBoolean() ? 200 : 50_000);
        return switch (random.nextInt(3)) {
            case 0 ->
                fuzz(
                        "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"temperature\":50}",
                        RejectReason.NOT_JSON,
                        "deep arrays");
            case 1 -> fuzz("{\"a\":".repeat(depth) + "1" + "}".repeat(depth), RejectReason.NOT_JSON, "deep objects");
            default -> fuzz("[".repeat(depth), RejectReason.NOT_AN_OBJECT, "deep top-level array");
        };
    }

    private static Fuzz hugeString(Random random) {
        String huge = "x".repeat(1000 + random.nextInt(random.nextInt(10) == 0 ? 500_000 : 5_000));
        return switch (random.nextInt(3)) {
            case 0 -> fuzz("{\"temperature\":\"" + huge + "\"}", RejectReason.WRONG_TYPE, "huge string temperature");
            case 1 ->
                fuzz(
                        "{\"machineId\":\"" + huge + "\",\"temperature\":50}",
                        RejectReason.INVALID_MACHINE_ID,
                        "huge machine id");
            default ->
                fuzz(
                        "{\"timestamp\":\"" + huge + "\",\"temperature\":50}",
                        RejectReason.INVALID_TIMESTAMP,
                        "huge timestamp");
        };
    }

    private static Fuzz hugeNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 ->
                fuzz(
                        "{\"temperature\":" + "9".repeat(310 + random.nextInt(600)) + "}",
                        RejectReason.NOT_FINITE,
                        "huge integer");
            case 1 ->
                fuzz("{\"temperature\":" + "9".repeat(5_000 + random.nextInt(50_000)) + "}", null, "very long number");
            case 2 ->
                fuzz(
                        "{\"temperature\":1e" + (309 + random.nextInt(100_000)) + "}",
                        RejectReason.NOT_FINITE,
                        "huge exponent");
            case 3 ->
                fuzz(
                        "{\"temperature\":50,\"timestamp\":" + "9".repeat(20 + random.nextInt(100)) + "}",
                        RejectReason.INVALID_TIMESTAMP,
                        "huge timestamp number");
            default ->
                fuzz(
                        "{\"temperature\":-" + "9".repeat(5 + random.nextInt(300)) + "}",
                        RejectReason.OUT_OF_RANGE,
                        "huge negative");
        };
    }

    private static Fuzz wrongType(Random random) {
        String[] temperatures = {"true", "false", "\"57\"", "[57]", "{\"value\":57}", "null", "\"\""};
        return switch (random.nextInt(3)) {
            case 0 ->
                fuzz(
                        "{\"temperature\":" + temperatures[random.nextInt(temperatures.length)] + "}",
                        RejectReason.WRONG_TYPE,
                        "wrong temperature type");
            case 1 ->
                random.nextBoolean()
                        ? fuzz(
                                "{\"machineId\":{\"id\":1},\"temperature\":50}",
                                RejectReason.INVALID_MACHINE_ID,
                                "wrong machine id type")
                        // InfluxDB cannot store a tag ending in a backslash (or one before a separator).
                        : fuzz(
                                "{\"machineId\":\"tail\\\\\",\"temperature\":50}",
                                RejectReason.INVALID_MACHINE_ID,
                                "dangling backslash");
            default ->
                fuzz("{\"timestamp\":[1],\"temperature\":50}", RejectReason.INVALID_TIMESTAMP, "wrong timestamp type");
        };
    }

    private static Fuzz nullish(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new Fuzz(null, RejectReason.EMPTY, "kafka null value");
            case 1 -> fuzz("null", RejectReason.NOT_AN_OBJECT, "JSON null");
            case 2 -> fuzz("{}", RejectReason.MISSING_TEMPERATURE, "empty object");
            default -> fuzz("{\"machineId\":\"press-01\"}", RejectReason.MISSING_TEMPERATURE, "no temperature");
        };
    }

    private static Fuzz notFinite(Random random) {
        String[] finiteless = {"NaN", "Infinity", "-Infinity", "+Infinity"};
        String[] otherSpellings = {
            "nan", "NAN", "-NaN", "inf", "-inf", "INF", "Inf", "infinity", "\"NaN\"", "\"Infinity\"", "1/0"
        };
        if (random.nextBoolean()) {
            return fuzz(
                    "{\"temperature\":" + finiteless[random.nextInt(finiteless.length)] + "}",
                    RejectReason.NOT_FINITE,
                    "NaN/Infinity");
        }
        return fuzz(
                "{\"temperature\":" + otherSpellings[random.nextInt(otherSpellings.length)] + "}",
                null,
                "NaN/Infinity spelled otherwise");
    }

    private static Fuzz empty(Random random) {
        String[] blanks = {"", " ", "\n", "\t \r\n", "    "};
        return fuzz(blanks[random.nextInt(blanks.length)], RejectReason.EMPTY, "empty");
    }

    private static Fuzz invalidUtf8(Random random) {
        byte[] prefix = "{\"machineId\":\"press-".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"temperature\":50}".getBytes(StandardCharsets.UTF_8);
        byte[][] broken = {
            {(byte) 0xff},
            {(byte) 0xc3},
            {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
        };
        byte[] middle = broken[random.nextInt(broken.length)];
        byte[] value = new byte[prefix.length + middle.length + suffix.length];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        System.arraycopy(middle, 0, value, prefix.length, middle.length);
        System.arraycopy(suffix, 0, value, prefix.length + middle.length, suffix.length);
        return new Fuzz(value, RejectReason.NOT_JSON, "invalid UTF-8");
    }

    private static Fuzz outOfRange(Random random) {
        double t = random.nextBoolean() ? 150.001 + random.nextDouble() * 1e6 : -50.001 - random.nextDouble() * 1e6;
        return fuzz("{\"temperature\":" + t + "}", RejectReason.OUT_OF_RANGE, "out of range");
    }

    private static byte[] hugeMessage(Random random) {
        StringBuilder json = new StringBuilder(HUGE_MESSAGE_BYTES + 64).append("{\"temperature\":50,\"junk\":\"");
        while (json.length() < HUGE_MESSAGE_BYTES) {
            json.append((char) ('a' + random.nextInt(26)));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Fuzz fuzz(String value, RejectReason expected, String kind) {
        return new Fuzz(value.getBytes(StandardCharsets.UTF_8), expected, kind);
    }

    private static long count(String database, String query) {
        return INFLUX.server().count(database, query);
    }
}
