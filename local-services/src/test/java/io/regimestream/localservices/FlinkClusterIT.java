package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.localservices.junit.FlinkClusterExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts a real Flink standalone cluster: a JobManager and two TaskManagers, each its own JVM. */
class FlinkClusterIT {

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(b -> b.taskManagers(2));

    @Test
    void homeIsLaidOutLikeADistributionWithoutAKafkaConnector() throws Exception {
        FlinkCluster flink = FLINK.cluster();
        try (var jars = Files.list(flink.home().resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.startsWith("flink-runtime-2"))
                    .anyMatch(n -> n.startsWith("flink-runtime-web-"))
                    .anyMatch(n -> n.startsWith("flink-connector-base-"))
                    .anyMatch(n -> n.startsWith("log4j-core-"))
                    .noneMatch(n -> n.contains("kafka"));
        }
        try (var plugins = Files.list(flink.home().resolve("plugins"))) {
            assertThat(plugins.map(p -> p.getFileName().toString()).toList()).contains("metrics-prometheus");
        }
        assertThat(flink.home().resolve("lib")).isDirectoryNotContaining("glob:**prometheus*");
        assertThat(flink.confDir().resolve("config.yaml")).content().contains("rest.port: " + flink.restPort());
        assertThat(flink.flinkScript())
                .isEqualTo(flink.home().resolve("bin/flink"))
                .isExecutable();
    }

    @Test
    void bothTaskManagersRegisterAndAKilledOneComesBack() {
        FlinkCluster flink = FLINK.cluster();
        assertThat(flink.rest().overview().path("slots-total").asInt()).isEqualTo(4);

        flink.killTaskManager(1);
        flink.restartTaskManager(1);

        assertThat(flink.registeredTaskManagers()).isGreaterThanOrEqualTo(2);
        assertThat(flink.isJobManagerAlive()).isTrue();
    }

    @Test
    void theFlinkCommandLineReachesTheCluster() {
        FlinkCluster.CliResult list = FLINK.cluster().flink("list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains("No running jobs");
    }
}
