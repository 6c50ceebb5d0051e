package io.regimestream.job.testing;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * For trying {@code bin/job} by hand: starts a Kafka broker and influxd on 127.0.0.1, fills the
 * readings topic with simulated readings and a few bad records, prints the bin/job command line
 * and runs until killed. Not a test; run it from the test classpath.
 */
public final class ManualServices {

    private ManualServices() {}

    public static void main(String[] args) throws Exception {
        KafkaBroker kafka = KafkaBroker.builder().build().start();
        InfluxDbServer influx = InfluxDbServer.builder().build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            influx.close();
        }));
        kafka.createTopic(PipelineDefaults.READINGS_TOPIC, 2);
        kafka.createTopic(PipelineDefaults.PREDICTIONS_TOPIC, 2);
        kafka.createTopic(PipelineDefaults.DEAD_LETTER_TOPIC, 1);
        RegimeSimulator simulator =
                RegimeSimulator.builder().machines(3).seed(1).build();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            var reading = simulator.next().reading();
            records.add(new ProducerRecord<>(
                    PipelineDefaults.READINGS_TOPIC,
                    reading.machineId().getBytes(StandardCharsets.UTF_8),
                    ReadingCodec.toJson(reading)));
        }
        for (String bad : List.of("not json", "{\"temperature\": 900}", "{\"Temperature\": 57, \"label\": 3}")) {
            records.add(
                    new ProducerRecord<>(PipelineDefaults.READINGS_TOPIC, null, bad.getBytes(StandardCharsets.UTF_8)));
        }
        new KafkaTopics(kafka).send(PipelineDefaults.READINGS_TOPIC, records);
        System.out.printf(
                "bin/job --bootstrap-servers %s --influxdb-url %s --create-topics --allow-unsigned-models%n",
                kafka.bootstrapServers(), influx.url());
        System.out.flush();
        Thread.currentThread().join();
    }
}
