package io.regimestream.localservices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A {@link KafkaBroker} in a JVM of its own: for benchmarks, so that it shares no heap, GC or JIT
 * threads with what is measured, and for crash tests, since only a process can be killed hard
 * ({@link #kill()}: SIGKILL, no shutdown, the log as it was) and started again on the same ports
 * and data ({@link #start()}).
 *
 * <pre>{@code
 * try (KafkaBrokerProcess kafka = KafkaBrokerProcess.create(workDir, "512m").start()) {
 *     kafka.kill();
 *     kafka.start();   // same address, same topics
 * }
 * }</pre>
 *
 * <p>The child runs {@link #main} with this JVM's classpath, writes its bootstrap address to a
 * file when it serves requests, and stops cleanly when its standard input closes.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 90;

    private final Path workDir;
    private final String heap;
    private final List<String> jvmOptions;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path workDir, String heap, List<String> jvmOptions) {
        this.workDir = workDir;
        this.heap = heap;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = FreePorts.find();
        this.controllerPort = FreePorts.find();
    }

    /** A broker with its data in {@code workDir} (and its log in {@code workDir/broker.log}), not started yet. */
    public static KafkaBrokerProcess create(Path workDir, String heap) {
        return create(workDir, heap, List.of());
    }

    /** The same, with more options for its JVM (e.g. a GC log, so a benchmark can see the broker's pauses). */
    public static KafkaBrokerProcess create(Path workDir, String heap, List<String> jvmOptions) {
        return new KafkaBrokerProcess(workDir, heap, jvmOptions);
    }

    /** Starts the broker process (again, after {@link #kill()}) and waits until it serves requests. */
    public synchronized KafkaBrokerProcess start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path ready = workDir.resolve("broker.bootstrap");
        Files.deleteIfExists(ready);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = workDir.resolve("broker.log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                KafkaBrokerProcess.class.getName(),
                ready.toString(),
                Integer.toString(port),
                Integer.toString(controllerPort),
                workDir.resolve("kafka-data").toString()));
        process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!Files.exists(ready)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker process exited with " + process.exitValue()
                        + "; the end of " + log + ":\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "the Kafka broker did not start within " + START_TIMEOUT_SECONDS + " s; see " + log);
            }
            Thread.sleep(100);
        }
        return this;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Kills the broker at once with SIGKILL, as a crash would; its data stays for {@link #start()}. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /** Frees the disk a measured run's topics took (a million predictions are ~250 MB). */
    public void deleteTopics(List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker cleanly (closes its standard input), killing it if it does not stop in 30 s. */
    @Override
    public synchronized void close() throws Exception {
        if (process == null) {
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** The child: {@code READY_FILE PORT CONTROLLER_PORT DATA_DIR}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: KafkaBrokerProcess READY_FILE PORT CONTROLLER_PORT DATA_DIR");
            System.exit(2);
        }
        try (KafkaBroker broker = KafkaBroker.builder()
                .port(Integer.parseInt(args[1]))
                .controllerPort(Integer.parseInt(args[2]))
                .logDir(Path.of(args[3]))
                .property("group.initial.rebalance.delay.ms", "0")
                .build()
                .start()) {
            Path ready = Path.of(args[0]);
            Path temporary = ready.resolveSibling(ready.getFileName() + ".tmp");
            Files.writeString(temporary, broker.bootstrapServers(), StandardCharsets.UTF_8);
            Files.move(temporary, ready);
            while (System.in.read() >= 0) {
                // the parent holds our stdin open for as long as it needs the broker
            }
        }
    }
}
