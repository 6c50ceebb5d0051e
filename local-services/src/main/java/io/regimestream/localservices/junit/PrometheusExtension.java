package io.regimestream.localservices.junit;

import io.regimestream.localservices.PrometheusServer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real {@code prometheus} (Debian package {@code prometheus}) before a test class and
 * removes it and its data after. A machine without prometheus fails the test with the install
 * command; it never skips.
 * <pre>{@code @RegisterExtension static final PrometheusExtension PROMETHEUS = new PrometheusExtension(b -> b.target("127.0.0.1:9249"));}</pre>
 */
public final class PrometheusExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<PrometheusServer.Builder> customizer;
    private PrometheusServer server;

    /** With the targets to scrape, e.g. {@code b -> b.target("127.0.0.1:9249")}. */
    public PrometheusExtension(UnaryOperator<PrometheusServer.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = customizer.apply(PrometheusServer.builder()).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public PrometheusServer server() {
        if (server == null) {
            throw new IllegalStateException(
                    "prometheus runs only inside the test class (register the extension as static)");
        }
        return server;
    }
}
