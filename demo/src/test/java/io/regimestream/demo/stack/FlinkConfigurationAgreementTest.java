package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.regimestream.job.LocalFlinkConfiguration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job sets none of Flink's settings; the project's recommended ones are stated once, in
 * {@code flink-job/conf/config.yaml}, and every deployment we ship carries the same keys with the
 * same values: docker-compose's {@code FLINK_PROPERTIES} and the FlinkDeployment's
 * {@code flinkConfiguration}. ({@code bin/job}, the demo and the tests load the file itself.)
 */
class FlinkConfigurationAgreementTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theRecommendedSettingsHoldWhatTheJobOnceSetInCode() {
        assertThat(recommended())
                .containsKeys(
                        "execution.checkpointing.interval",
                        "execution.checkpointing.timeout",
                        "execution.checkpointing.mode",
                        "restart-strategy.type",
                        "pipeline.object-reuse",
                        "execution.buffer-timeout.interval");
    }

    @Test
    void dockerComposeFlinkPropertiesCarryTheRecommendedSettings() throws Exception {
        // x-flink-properties is the FLINK_PROPERTIES of the JobManager and every TaskManager (a YAML alias).
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        Map<String, String> properties =
                flat(YAML.readTree(compose.path("x-flink-properties").asText()));
        assertThat(properties).containsAllEntriesOf(recommended());
    }

    @Test
    void theFlinkDeploymentsFlinkConfigurationCarriesTheRecommendedSettings() throws Exception {
        JsonNode deployment = YAML.readTree(
                ROOT.resolve("deploy/kubernetes/flink-deployment.yaml").toFile());

        assertThat(flat(deployment.path("spec").path("flinkConfiguration"))).containsAllEntriesOf(recommended());
    }

    /** flink-job/conf/config.yaml as Flink reads it. */
    private static Map<String, String> recommended() {
        return LocalFlinkConfiguration.recommended().toMap();
    }

    private static Map<String, String> flat(JsonNode yaml) {
        Map<String, String> flat = new LinkedHashMap<>();
        yaml.fields().forEachRemaining(e -> flat.put(e.getKey(), e.getValue().asText()));
        return flat;
    }
}
