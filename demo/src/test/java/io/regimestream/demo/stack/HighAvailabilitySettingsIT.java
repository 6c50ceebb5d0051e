package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JobManager high availability in the stack definitions, as the README's "What survives what"
 * states it. What these settings do is shown on a real cluster by {@code JobManagerFailoverIT}
 * (flink-job: ZooKeeper HA, a JobManager killed, {@code docker/job-submit.sh} run again); here,
 * that compose (as Compose resolves it, {@link ComposeConfig}) and the FlinkDeployment carry them.
 */
class HighAvailabilitySettingsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path folder;

    @Test
    void composeRunsTheJobManagerWithZooKeeperHighAvailabilityAndRestartsIt() throws Exception {
        JsonNode services = compose().path("services");
        JsonNode flink = YAML.readTree(services.path("jobmanager")
                .path("environment")
                .path("FLINK_PROPERTIES")
                .asText());
        assertThat(flink.path("high-availability.type").asText()).isEqualTo("zookeeper");
        assertThat(flink.path("high-availability.zookeeper.quorum").asText()).isEqualTo("zookeeper:2181");
        assertThat(flink.path("high-availability.storageDir").asText()).isEqualTo("file:///opt/flink/ha");

        assertThat(services.path("zookeeper").path("image").asText()).matches("zookeeper:3\\.8\\.\\d+");
        assertThat(services.path("zookeeper").has("ports"))
                .as("ZooKeeper is for the stack only")
                .isFalse();
        for (String flinkService : List.of("jobmanager", "taskmanager")) {
            JsonNode service = services.path(flinkService);
            assertThat(service.path("restart").asText())
                    .as("%s is started again after a crash", flinkService)
                    .isEqualTo("unless-stopped");
            assertThat(texts(service.path("volumes")))
                    .as("%s's volumes", flinkService)
                    .contains("flink-ha:/opt/flink/ha:rw", "flink-checkpoints:/opt/flink/checkpoints:rw");
        }
        assertThat(services.path("jobmanager")
                        .path("depends_on")
                        .path("zookeeper")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("jobmanager")
                        .path("depends_on")
                        .path("flink-volumes")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        assertThat(texts(services.path("flink-volumes").path("entrypoint")))
                .as("the volumes handed to Flink's user before the JobManager starts")
                .containsExactly("chown", "flink:flink", "/opt/flink/checkpoints", "/opt/flink/ha");
    }

    @Test
    void composeSubmitsTheJobOnceUnderAFixedJobId() throws Exception {
        JsonNode jobSubmit = compose().path("services").path("job-submit");
        List<String> command = texts(jobSubmit.path("command"));
        assertThat(command.subList(0, 2)).containsExactly("sh", "/opt/regime-stream/job-submit.sh");
        assertThat(command.get(2)).as("the job id").matches("[0-9a-f]{32}");
        assertThat(texts(jobSubmit.path("volumes")))
                .contains(ComposeConfig.ROOT.resolve("docker/job-submit.sh") + ":/opt/regime-stream/job-submit.sh:ro");
        assertThat(jobSubmit.path("restart").asText()).isEqualTo("no");
        assertThat(ROOT.resolve("docker/job-submit.sh")).isRegularFile();
    }

    @Test
    void theFlinkDeploymentUsesKubernetesHighAvailabilityOnDurableStorage() throws Exception {
        JsonNode spec = YAML.readTree(
                        ROOT.resolve("deploy/kubernetes/flink-deployment.yaml").toFile())
                .path("spec");
        JsonNode flink = spec.path("flinkConfiguration");
        assertThat(flink.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(flink.path("high-availability.storageDir").asText())
                .as("HA metadata beside the checkpoints, on storage that outlives the pods")
                .startsWith("s3://");
        assertThat(flink.path("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(spec.path("serviceAccount").asText())
                .as("the account whose rights on ConfigMaps Kubernetes HA uses")
                .isNotBlank();
    }

    private static JsonNode compose() throws Exception {
        return ComposeConfig.resolved(ComposeConfig.envFile(folder));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
