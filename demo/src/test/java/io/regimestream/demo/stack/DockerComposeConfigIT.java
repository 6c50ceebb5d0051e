package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so it is validated the way
 * Compose itself reads it: {@code docker-compose config -q} (Debian's docker-compose; bin/test
 * installs it) with the passwords docker/make-env writes, and every file it mounts from the
 * repository must exist. Its safety properties: {@link DockerComposeSafetyIT}.
 */
class DockerComposeConfigIT {

    private static final Path ROOT = ComposeConfig.ROOT;

    @TempDir
    Path folder;

    @Test
    void composeFileIsValid() throws Exception {
        ComposeConfig.Result config = ComposeConfig.run(ComposeConfig.envFile(folder), "config", "-q");
        assertThat(config.exitCode())
                .as("docker-compose config -q said: %s", config.output())
                .isZero();
    }

    @Test
    void everyFlinkImageRunsTheFlinkVersionTheJobJarIsBuiltAgainst() throws Exception {
        Matcher version = Pattern.compile("<flink\\.version>([^<]+)</flink\\.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("flink.version in pom.xml").isTrue();
        String image = "flink:" + version.group(1) + "-java17";
        for (String file : new String[] {"docker-compose.yml", "deploy/kubernetes/Dockerfile"}) {
            String text = Files.readString(ROOT.resolve(file));
            assertThat(text).as(file).contains(image);
            assertThat(Pattern.compile("flink:\\d+\\.\\d+\\.\\d+")
                            .matcher(text)
                            .results()
                            .map(m -> m.group())
                            .distinct()
                            .toList())
                    .as("Flink images in " + file)
                    .containsExactly("flink:" + version.group(1));
        }
    }

    @Test
    void everythingTheStackMountsFromTheRepositoryIsThere() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        for (String path : new String[] {
            "model-artifacts",
            "grafana/provisioning",
            "grafana/dashboards",
            "docker/make-env",
            "docker/prometheus/prometheus.yml",
            "model-artifacts/model.pmml",
            "grafana/dashboards/machine-regimes.json"
        }) {
            assertThat(ROOT.resolve(path)).exists();
        }
        // Built by `./mvnw package`, so checked by name only.
        assertThat(compose)
                .contains(
                        "./flink-job/target/flink-job.jar",
                        "./producer/target/producer.jar",
                        "./training/target/training.jar",
                        "./flink-dist/target/flink-dist/plugins/metrics-prometheus");
    }

    /**
     * Grafana provisions the alert rules, contact point and policy of grafana/provisioning/alerting:
     * the folder reaches /etc/grafana/provisioning/alerting through the provisioning mount, and
     * every environment variable those files refer to has a value in the configuration Compose
     * resolves (an empty one would leave Grafana with a contact point it refuses, and it would not
     * start).
     */
    @Test
    void grafanaGetsTheAlertingProvisioningAndEveryVariableItRefersTo() throws Exception {
        JsonNode grafana = ComposeConfig.resolved(ComposeConfig.envFile(folder))
                .path("services")
                .path("grafana");

        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains(ROOT.resolve("grafana/provisioning") + ":/etc/grafana/provisioning:ro");
        assertThat(ROOT.resolve("grafana/provisioning/alerting/rules.yaml")).exists();
        Set<String> variables = AlertProvisioningCheck.check().environmentVariables();
        assertThat(variables).isNotEmpty();
        for (String variable : variables) {
            assertThat(grafana.path("environment").path(variable).asText(""))
                    .as("%s in grafana's environment", variable)
                    .isNotBlank();
        }
    }

    /** Prometheus's own check of the scrape configuration the stack mounts (promtool, Debian's prometheus). */
    @Test
    void prometheusScrapeConfigIsValid() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "config", "docker/prometheus/prometheus.yml")
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "promtool is not installed: `sudo apt-get install prometheus` (bin/test does this for you)", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as("promtool check config said: %s", output).isZero();
    }
}
