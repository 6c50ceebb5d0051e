package io.regimestream.producer.publish;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks that Kafka answers before anything is produced, and creates the topic if it is missing.
 * A producer alone would only fail after {@code max.block.ms} with a generic timeout; one Admin
 * call with a bounded wait gives a clear answer up front.
 */
public final class TopicSetup {

    private TopicSetup() {}

    /**
     * Makes sure {@code topic} exists, waiting at most {@code timeout} for the broker.
     *
     * @param partitions partitions for a topic this call creates (replication: the broker's default)
     * @param create     create a missing topic; if false, a missing topic is an error
     * @return what was found or done, for the log
     * @throws KafkaUnavailableException saying what is wrong and what to check
     */
    public static String ensureTopic(
            Properties clientProperties, String topic, int partitions, boolean create, Duration timeout)
            throws KafkaUnavailableException, InterruptedException {
        String servers = clientProperties.getProperty("bootstrap.servers");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException(
                    "cannot use the Kafka settings (bootstrap servers " + servers + "): " + rootMessage(e), e);
        }
        try {
            List<String> names = List.copyOf(await(
                    admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs))
                            .names(),
                    servers,
                    timeout,
                    "list topics"));
            if (names.contains(topic)) {
                return "topic " + topic + " exists";
            }
            if (!create) {
                throw new KafkaUnavailableException(
                        "topic " + topic + " does not exist on " + servers
                                + ": create it, or drop --no-create-topic to let the producer create it",
                        null);
            }
            try {
                await(
                        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                                .all(),
                        servers,
                        timeout,
                        "create topic " + topic);
                return "created topic " + topic + " with " + partitions + " partition" + (partitions == 1 ? "" : "s");
            } catch (KafkaUnavailableException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return "topic " + topic + " exists"; // created meanwhile by someone else
                }
                throw e;
            }
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private static <T> T await(
            org.apache.kafka.common.KafkaFuture<T> future, String servers, Duration timeout, String what)
            throws KafkaUnavailableException, InterruptedException {
        try {
            // A little slack over the client-side timeout, so the client's own (clearer) error wins.
            return future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(servers, timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(servers, timeout, cause);
            }
            if (cause instanceof AuthenticationException) {
                throw new KafkaUnavailableException(
                        "Kafka at " + servers + " refused authentication: " + cause.getMessage()
                                + " (check the security settings given with --kafka-properties / --kafka-property)",
                        cause);
            }
            if (cause instanceof AuthorizationException) {
                throw new KafkaUnavailableException(
                        "Kafka at " + servers + " does not allow us to " + what + ": " + cause.getMessage(), cause);
            }
            throw new KafkaUnavailableException(
                    "Kafka at " + servers + " could not " + what + ": " + rootMessage(cause), cause);
        }
    }

    private static KafkaUnavailableException unreachable(String servers, Duration timeout, Throwable cause) {
        return new KafkaUnavailableException(
                "cannot reach Kafka at " + servers + " within "
                        + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                        + ": check --bootstrap-servers, that the broker is running, and (for secured clusters) --kafka-properties",
                cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }
}
