package io.regimestream.localservices.junit;

import io.regimestream.localservices.KafkaBroker;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real in-process KRaft Kafka broker before a test class and removes it after:
 * <pre>{@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<KafkaBroker.Builder> customizer;
    private KafkaBroker broker;

    public KafkaBrokerExtension() {
        this(UnaryOperator.identity());
    }

    /** With broker settings of the test's own, e.g. SASL listeners. */
    public KafkaBrokerExtension(UnaryOperator<KafkaBroker.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = customizer.apply(KafkaBroker.builder()).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "the broker runs only inside the test class (register the extension as static)");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
