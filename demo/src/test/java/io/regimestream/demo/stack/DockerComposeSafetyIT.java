package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker-compose stack is safe by default, checked on the configuration Compose itself
 * resolves ({@code docker-compose config}): ports on 127.0.0.1 only, no password with a default
 * (the stack refuses to start without each), InfluxDB with authentication and a user of its own
 * for each client, every image pinned to a full version.
 */
class DockerComposeSafetyIT {

    /** A full version in the tag: 2.2.1-java17, v2.53.0, 17.0.15_6-jre; not latest, not 17-jre. */
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+:v?\\d+\\.\\d+\\.\\d+([._-][A-Za-z0-9._-]+)?");

    @TempDir
    Path folder;

    @Test
    void everyPublishedPortIsBoundTo127001Only() throws Exception {
        Map<String, List<String>> published = new LinkedHashMap<>();
        services()
                .forEach((name, service) -> service.path("ports")
                        .forEach(port -> published
                                .computeIfAbsent(name, n -> new ArrayList<>())
                                .add(
                                        port.isTextual()
                                                ? port.asText()
                                                : port.path("host_ip").asText("") + ":" + port.path("published"))));

        assertThat(published).containsKeys("kafka", "jobmanager", "influxdb", "prometheus", "grafana");
        published.forEach((service, ports) ->
                assertThat(ports).as("ports of %s", service).allMatch(p -> p.startsWith("127.0.0.1:")));
    }

    @Test
    void theStackRefusesToStartWithoutEachPasswordAndSaysHowToMakeThem() throws Exception {
        List<String> complete = Files.readAllLines(ComposeConfig.envFile(folder));
        for (String variable : StackPasswords.VARIABLES) {
            Path withoutIt = folder.resolve("without-" + variable + ".env");
            Files.write(
                    withoutIt,
                    complete.stream().filter(l -> !l.startsWith(variable + "=")).toList());

            ComposeConfig.Result config = ComposeConfig.run(withoutIt, "config", "-q");

            assertThat(config.exitCode()).as("config without %s", variable).isNotZero();
            assertThat(config.output()).contains("docker/make-env", "set " + variable);
        }
    }

    @Test
    void makeEnvWritesFourRandomPasswordsOnlyItsOwnerReadsAndKeepsThem() throws Exception {
        Path env = ComposeConfig.envFile(folder);
        Map<String, String> passwords = Files.readAllLines(env).stream()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));

        assertThat(passwords.keySet()).containsExactlyInAnyOrderElementsOf(StackPasswords.VARIABLES);
        assertThat(passwords.values()).doesNotHaveDuplicates().allMatch(p -> p.matches("[A-Za-z0-9]{32}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
                .isEqualTo("rw-------");
        String before = Files.readString(env);
        ComposeConfig.envFile(folder); // a second run keeps the file
        assertThat(env).hasContent(before);
    }

    @Test
    void influxDbRequiresALoginAndTheJobAndGrafanaEachHaveTheirOwnUser() throws Exception {
        Map<String, JsonNode> services = services();
        JsonNode influx = services.get("influxdb").path("environment");
        JsonNode job = services.get("job-submit");
        JsonNode grafana = services.get("grafana").path("environment");

        assertThat(influx.path("INFLUXDB_HTTP_AUTH_ENABLED").asText()).isEqualTo("true");
        assertThat(influx.path("INFLUXDB_DB").asText()).isEqualTo("regimes");
        assertThat(influx.path("INFLUXDB_WRITE_USER").asText()).isEqualTo(StackPasswords.JOB_USER);
        assertThat(influx.path("INFLUXDB_READ_USER").asText()).isEqualTo(StackPasswords.GRAFANA_USER);
        // The job logs in as the write-only user, with its password from the environment, not an argument.
        assertThat(job.path("environment").path("INFLUXDB_USERNAME").asText()).isEqualTo(StackPasswords.JOB_USER);
        assertThat(job.path("environment").path("INFLUXDB_PASSWORD").asText())
                .isNotEmpty()
                .isEqualTo(influx.path("INFLUXDB_WRITE_USER_PASSWORD").asText());
        assertThat(job.path("command").toString()).doesNotContain("password");
        // Grafana reads with the read-only user.
        assertThat(grafana.path("INFLUXDB_USERNAME").asText()).isEqualTo(StackPasswords.GRAFANA_USER);
        assertThat(grafana.path("INFLUXDB_PASSWORD").asText())
                .isNotEmpty()
                .isEqualTo(influx.path("INFLUXDB_READ_USER_PASSWORD").asText());
        assertThat(grafana.path("GF_SECURITY_ADMIN_PASSWORD").asText()).matches("[A-Za-z0-9]{32}");
    }

    @Test
    void everyImageIsPinnedToAFullVersion() throws Exception {
        Map<String, String> images = new LinkedHashMap<>();
        services()
                .forEach((name, service) ->
                        images.put(name, service.path("image").asText()));

        assertThat(images).hasSizeGreaterThanOrEqualTo(8);
        images.forEach(
                (service, image) -> assertThat(image).as("image of %s", service).matches(PINNED));
    }

    private Map<String, JsonNode> services() throws Exception {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        ComposeConfig.resolved(ComposeConfig.envFile(folder))
                .path("services")
                .fields()
                .forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }
}
