package io.regimestream.producer.publish;

import io.regimestream.common.kafka.KafkaAdminException;
import io.regimestream.common.kafka.TopicAdmin;
import io.regimestream.common.kafka.TopicAdmin.Creation;
import io.regimestream.common.kafka.TopicAdmin.Visibility;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;

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
        try (TopicAdmin kafka = TopicAdmin.connect(clientProperties, timeout)) {
            Visibility visibility = kafka.describe(List.of(topic)).get(topic).visibility();
            if (visibility == Visibility.EXISTS) {
                return "topic " + topic + " exists";
            }
            if (visibility == Visibility.HIDDEN) {
                throw new KafkaUnavailableException(
                        "Kafka at " + kafka.servers() + " does not let us see topic " + topic
                                + ": the producer's principal needs DESCRIBE and WRITE on it",
                        null);
            }
            if (!create) {
                throw new KafkaUnavailableException(
                        "topic " + topic + " does not exist on " + kafka.servers()
                                + ": create it, or drop --no-create-topic to let the producer create it",
                        null);
            }
            Creation creation = kafka.create(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .get(topic);
            return switch (creation) {
                case CREATED ->
                    "created topic " + topic + " with " + partitions + " partition" + (partitions == 1 ? "" : "s");
                case EXISTED -> "topic " + topic + " exists"; // created meanwhile by someone else
                case DENIED ->
                    throw new KafkaUnavailableException(
                            "Kafka at " + kafka.servers() + " does not allow us to create topic " + topic
                                    + ": have it created, or grant the producer's principal CREATE",
                            null);
            };
        } catch (KafkaAdminException e) {
            throw new KafkaUnavailableException(e.getMessage() + hint(e.reason()), e);
        }
    }

    private static String hint(KafkaAdminException.Reason reason) {
        return switch (reason) {
            case UNREACHABLE ->
                ": check --bootstrap-servers, that the broker is running, and (for secured clusters)"
                        + " --kafka-properties";
            case AUTHENTICATION -> " (check the security settings given with --kafka-properties / --kafka-property)";
            case SETTINGS, FAILED -> "";
        };
    }
}
