package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broker that requires SASL/PLAIN: the right login works, a wrong one is refused. */
class KafkaBrokerSaslIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(b -> b.saslPlain("job", "s3cret-pw"));

    @Test
    void clientsWithTheLoginFromClientPropertiesGetIn() throws Exception {
        KAFKA.broker().createTopic("sasl-topic", 1);
        try (Admin admin = KAFKA.broker().admin()) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("sasl-topic");
        }
        assertThat(KAFKA.broker().clientProperties()).containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void aWrongPasswordIsRefused() {
        Properties p = new Properties();
        p.putAll(KafkaBroker.saslClientProperties("job", "wrong"));
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
