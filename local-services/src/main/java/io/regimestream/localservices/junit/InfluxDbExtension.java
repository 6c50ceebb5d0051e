package io.regimestream.localservices.junit;

import io.regimestream.localservices.InfluxDbServer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real {@code influxd} (Debian package {@code influxdb}) before a test class and removes
 * it and its data after. A machine without influxd fails the test with the install command; it
 * never skips silently.
 * <pre>{@code @RegisterExtension static final InfluxDbExtension INFLUX = new InfluxDbExtension();}</pre>
 */
public final class InfluxDbExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<InfluxDbServer.Builder> customizer;
    private InfluxDbServer server;

    public InfluxDbExtension() {
        this(UnaryOperator.identity());
    }

    /** With settings of the test's own, e.g. {@code b -> b.auth("admin", "secret")}. */
    public InfluxDbExtension(UnaryOperator<InfluxDbServer.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = customizer.apply(InfluxDbServer.builder()).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public InfluxDbServer server() {
        if (server == null) {
            throw new IllegalStateException(
                    "influxd runs only inside the test class (register the extension as static)");
        }
        return server;
    }

    public String url() {
        return server().url();
    }
}
