package io.regimestream.localservices.junit;

import io.regimestream.localservices.SparkStandaloneCluster;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Spark standalone cluster (a Master and a Worker, each its own JVM; the Worker forks
 * the executors) before a test class and stops it after:
 * <pre>{@code @RegisterExtension static final SparkStandaloneClusterExtension SPARK = new SparkStandaloneClusterExtension();}</pre>
 */
public final class SparkStandaloneClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<SparkStandaloneCluster.Builder> customizer;
    private SparkStandaloneCluster cluster;

    public SparkStandaloneClusterExtension() {
        this(UnaryOperator.identity());
    }

    /** With settings of the test's own, e.g. {@code b -> b.workerCores(2)}. */
    public SparkStandaloneClusterExtension(UnaryOperator<SparkStandaloneCluster.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = customizer.apply(SparkStandaloneCluster.builder()).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public SparkStandaloneCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException(
                    "the Spark cluster runs only inside the test class (register the extension as static)");
        }
        return cluster;
    }
}
