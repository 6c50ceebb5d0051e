package io.regimestream.localservices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one), running in this JVM on
 * 127.0.0.1. Transactions work (exactly-once sinks can be tested). It can be stopped and started
 * again on the same ports and data, to test recovery from a broker restart.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.builder().build().start()) {
 *     kafka.createTopic("machine-temperature", 4);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final Map<String, String> extraProperties;
    private final String saslUser;
    private final String saslPassword;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;
    private boolean formatted;

    private KafkaBroker(Builder b) {
        this.port = b.port == 0 ? FreePorts.find() : b.port;
        this.controllerPort = b.controllerPort == 0 ? FreePorts.find() : b.controllerPort;
        this.extraProperties = Map.copyOf(b.properties);
        this.saslUser = b.saslUser;
        this.saslPassword = b.saslPassword;
        try {
            this.logDir =
                    b.logDir != null ? Files.createDirectories(b.logDir) : Files.createTempDirectory("kafka-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's log directory", e);
        }
        this.deleteOnClose = b.logDir == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats storage on first start, then starts the broker and waits until it serves requests. */
    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        FreePorts.requireFree(port, "Kafka broker");
        FreePorts.requireFree(controllerPort, "Kafka controller");
        Properties props = serverProperties();
        KafkaConfig config = new KafkaConfig(props, false);
        // A log directory formatted before (another process on the same data, e.g. after a crash) keeps its cluster id.
        if (!formatted && !Files.exists(logDir.resolve("meta.properties"))) {
            format(props);
            formatted = true;
        }
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
        LOG.info(
                "Kafka broker ready on {} in {} ms (logs in {})",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                logDir);
        return this;
    }

    /** Stops the broker, keeping its data, so {@link #start()} can bring it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates a topic (replication factor 1) unless it exists. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
    }

    /** An admin client for this broker (with the extra client settings given to the builder). */
    public Admin admin() {
        Properties p = new Properties();
        p.putAll(clientProperties());
        return Admin.create(p);
    }

    /**
     * Settings a client needs to reach this broker: bootstrap servers, plus the SASL/PLAIN login
     * when the broker was built with {@link Builder#saslPlain}.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (saslUser != null) {
            p.putAll(saslClientProperties(saslUser, saslPassword));
        }
        return p;
    }

    /** Client settings to log in to a SASL/PLAIN broker as {@code user}. */
    public static Map<String, String> saslClientProperties(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                plainLogin(user, password, ""));
    }

    private static String plainLogin(String user, String password, String extra) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                + password + "\"" + extra + ";";
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (deleteOnClose) {
                LocalFiles.deleteRecursively(logDir);
            }
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // A single broker: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        if (saslUser != null) {
            // Clients and the broker itself log in with SASL/PLAIN; the controller listener stays internal.
            p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
            p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put(
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    plainLogin(saslUser, saslPassword, " user_" + saslUser + "=\"" + saslPassword + "\""));
        }
        p.putAll(extraProperties);
        return p;
    }

    private void format(Properties props) {
        Path file = logDir.resolve("server.properties");
        try {
            try (var out = Files.newOutputStream(file)) {
                props.store(out, "regime-stream local broker");
            }
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", file.toString(), "--ignore-formatted"},
                    new PrintStream(text, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException(
                        "formatting Kafka storage failed: " + text.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                sleep(100);
            }
        }
        throw new IllegalStateException(
                "Kafka broker on " + bootstrapServers() + " did not become ready within 60 s", last);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path logDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String saslUser;
        private String saslPassword;

        /** The client port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Where the broker keeps its data; by default a temporary folder deleted on close. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Any broker setting, e.g. SASL listeners for security tests; wins over the defaults. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Requires clients to log in with SASL/PLAIN (over plain TCP) as this user; the broker
         * knows only this user. {@link #clientProperties()} then carries the login.
         */
        public Builder saslPlain(String user, String password) {
            if (user == null || user.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("SASL/PLAIN needs a user and a password");
            }
            this.saslUser = user;
            this.saslPassword = password;
            return this;
        }

        public KafkaBroker build() {
            return new KafkaBroker(this);
        }
    }
}
