package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/cluster start} treats its home as a Flink distribution: conf/config.yaml is the
 * user's after the first start (edits and comments stay), {@code -D key=value} applies to one
 * start, and plugins/ holds the Prometheus metrics reporter, which Flink loads from there. Real
 * JobManager and TaskManager processes, started and stopped by the command itself.
 */
class ClusterStartIT {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private Path home;

    @BeforeEach
    void newHome() throws Exception {
        home = Files.createTempDirectory("cluster-start-it-");
    }

    /** Not JUnit's @TempDir: lib/ and plugins/ hold links into flink-dist, which it warns about one by one. */
    @AfterEach
    void stopTheClusterAndRemoveItsHome() throws Exception {
        ClusterCommandProcess.run(Duration.ofMinutes(1), "stop", "--home", home.toString());
        LocalFiles.deleteRecursively(home);
    }

    @Test
    void aUsersEditsOfConfigYamlSurviveTheNextStartAndDashDAppliesToOneStartOnly() throws Exception {
        int webPort = FreePorts.find();
        int prometheusPort = FreePorts.find();
        String first = ClusterCommandProcess.run(
                PATIENCE,
                "start",
                "--home",
                home.toString(),
                "--web-port",
                String.valueOf(webPort),
                "-D",
                "execution.checkpointing.interval=42s",
                "-D",
                "taskmanager.numberOfTaskSlots=3",
                "-D",
                "metrics.reporter.prom.factory.class=org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "-D",
                "metrics.reporter.prom.port=" + prometheusPort);
        FlinkRest rest = new FlinkRest("http://127.0.0.1:" + webPort);
        Path config = home.resolve("conf").resolve("config.yaml");

        // A new home's config.yaml has the project's recommended settings for the job, comments included.
        assertThat(config)
                .content()
                .contains(
                        "flink-job/conf",
                        "execution.checkpointing.interval: 10 s",
                        "restart-strategy.type: exponential-delay");
        FlinkConfigFile recommended = FlinkConfigFile.read(Path.of("..", "flink-job", "conf", "config.yaml"));
        Map<String, String> running = jobManagerConfig(rest);
        for (String key : recommended.keys()) {
            if (!key.equals("execution.checkpointing.interval")) { // given by -D below
                assertThat(running).containsEntry(key, recommended.get(key).orElseThrow());
            }
        }
        // -D reaches the JobManager and the TaskManagers, wins over the file, and stays out of it.
        assertThat(jobManagerConfig(rest)).containsEntry("execution.checkpointing.interval", "42s");
        assertThat(rest.overview().path("slots-total").asInt()).isEqualTo(3);
        assertThat(config).content().doesNotContain("42s").contains("taskmanager.numberOfTaskSlots: 2");
        // The reporter comes from plugins/ (no Prometheus class is in lib/) and says where it listens.
        assertThat(home.resolve("plugins/metrics-prometheus/flink-metrics-prometheus-2.2.1.jar"))
                .exists();
        assertThat(metrics(prometheusPort)).contains("flink_jobmanager_numRegisteredTaskManagers");
        assertThat(first).contains("Prometheus metrics reporter: ports " + prometheusPort);

        ClusterCommandProcess.run(Duration.ofMinutes(1), "stop", "--home", home.toString());
        Files.writeString(
                config,
                Files.readString(config) + "# my own setting, kept by bin/cluster\n"
                        + "pipeline.max-parallelism: 77\n");

        String second = ClusterCommandProcess.run(
                PATIENCE, "start", "--home", home.toString(), "--slots", "4", "--task-managers", "1");

        assertThat(second).contains("kept as you left it");
        assertThat(config)
                .content()
                .contains("# my own setting, kept by bin/cluster", "pipeline.max-parallelism: 77")
                .contains("taskmanager.numberOfTaskSlots: 4")
                .contains("rest.port: " + webPort);
        Map<String, String> jobManager = jobManagerConfig(rest);
        assertThat(jobManager).containsEntry("pipeline.max-parallelism", "77");
        assertThat(jobManager).containsEntry("execution.checkpointing.interval", "10 s"); // the -D was for one start
        assertThat(rest.overview().path("slots-total").asInt()).isEqualTo(4);
    }

    /** GET /jobmanager/config: the JobManager's effective configuration, key to value. */
    private static Map<String, String> jobManagerConfig(FlinkRest rest) {
        Map<String, String> config = new HashMap<>();
        for (JsonNode entry : rest.get("/jobmanager/config").body()) {
            config.put(entry.path("key").asText(), entry.path("value").asText());
        }
        return config;
    }

    private static String metrics(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
