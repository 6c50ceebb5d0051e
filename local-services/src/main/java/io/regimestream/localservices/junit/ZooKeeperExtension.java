package io.regimestream.localservices.junit;

import io.regimestream.localservices.ZooKeeperServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real ZooKeeper server (Debian package {@code zookeeper}) before a test class and removes
 * it and its data after. A machine without it fails the test with the install command; it never
 * skips silently. A {@link FlinkClusterExtension} that uses it must come after it ({@code @Order}:
 * JUnit does not go by the fields' order), so that it starts first and stops last:
 * <pre>{@code
 * @RegisterExtension @Order(1) static final ZooKeeperExtension ZOOKEEPER = new ZooKeeperExtension();
 * @RegisterExtension @Order(2) static final FlinkClusterExtension FLINK =
 *         new FlinkClusterExtension(b -> b.zooKeeperHighAvailability(ZOOKEEPER.connectString()));
 * }</pre>
 */
public final class ZooKeeperExtension implements BeforeAllCallback, AfterAllCallback {

    private ZooKeeperServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new ZooKeeperServer().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public ZooKeeperServer server() {
        if (server == null) {
            throw new IllegalStateException(
                    "ZooKeeper runs only inside the test class (register the extension as static)");
        }
        return server;
    }

    public String connectString() {
        return server().connectString();
    }
}
