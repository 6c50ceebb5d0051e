package io.regimestream.localservices.junit;

import io.regimestream.localservices.FlinkCluster;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Flink standalone session cluster (a JobManager and TaskManagers, each its own JVM)
 * before a test class and stops it after:
 * <pre>{@code @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension(b -> b.taskManagers(2));}</pre>
 */
public final class FlinkClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<FlinkCluster.Builder> customizer;
    private FlinkCluster cluster;

    public FlinkClusterExtension() {
        this(UnaryOperator.identity());
    }

    /** With settings of the test's own, e.g. {@code b -> b.taskManagers(2)}. */
    public FlinkClusterExtension(UnaryOperator<FlinkCluster.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = customizer.apply(FlinkCluster.builder()).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public FlinkCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException(
                    "the Flink cluster runs only inside the test class (register the extension as static)");
        }
        return cluster;
    }
}
