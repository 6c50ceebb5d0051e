package io.regimestream.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link BrokerProcess} as a child JVM with this JVM's classpath and talks to it as a client. */
final class ExternalBroker implements AutoCloseable {

    private final Process process;
    private final String bootstrapServers;

    private ExternalBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    static ExternalBroker start(Path workDir, String heap) throws IOException, InterruptedException {
        Path ready = workDir.resolve("broker.bootstrap");
        Files.deleteIfExists(ready);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                BrokerProcess.class.getName(), ready.toString())
                .redirectOutput(workDir.resolve("broker.log").toFile())
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(ready)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker process exited with " + process.exitValue()
                        + "; see " + workDir.resolve("broker.log"));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the Kafka broker did not start within 90 s; see " + workDir.resolve("broker.log"));
            }
            Thread.sleep(100);
        }
        return new ExternalBroker(process, Files.readString(ready, StandardCharsets.UTF_8).strip());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    long pid() {
        return process.pid();
    }

    void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Frees the disk a measured run's topics took (a million predictions are ~250 MB). */
    void deleteTopics(List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // BrokerProcess stops cleanly when its stdin closes
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
