package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.localservices.junit.SparkStandaloneClusterExtension;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts a real Spark standalone cluster: a Master and a Worker, each its own JVM, from Maven Central's jars. */
class SparkStandaloneClusterIT {

    @RegisterExtension
    static final SparkStandaloneClusterExtension SPARK = new SparkStandaloneClusterExtension();

    @Test
    void homeIsLaidOutLikeASparkDistribution() throws Exception {
        SparkStandaloneCluster spark = SPARK.cluster();
        try (var jars = Files.list(spark.home().resolve("jars"))) {
            assertThat(jars.map(p -> p.getFileName().toString()).toList())
                    .contains(
                            "spark-core_2.13-4.0.1.jar", "spark-mllib_2.13-4.0.1.jar", "spark-launcher_2.13-4.0.1.jar")
                    .as("what the training's thin jar leaves to the cluster, at Spark 4.0.1's own versions")
                    .contains("jackson-databind-2.18.2.jar", "jaxb-runtime-4.0.5.jar", "scala-library-2.13.16.jar");
        }
    }

    @Test
    void theMasterListsTheWorkerAliveWithItsSmallShare() {
        SparkStandaloneCluster spark = SPARK.cluster();
        JsonNode master = spark.masterState();

        assertThat(master.path("url").asText()).isEqualTo(spark.masterUrl());
        assertThat(master.path("status").asText()).isEqualTo("ALIVE");
        assertThat(master.path("aliveworkers").asInt()).isEqualTo(1);
        JsonNode worker = master.path("workers").get(0);
        assertThat(worker.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(worker.path("cores").asInt()).isEqualTo(1);
        assertThat(worker.path("memory").asInt()).as("MiB").isEqualTo(1024);
        assertThat(spark.workerState().path("masterurl").asText()).isEqualTo(spark.masterUrl());
    }

    @Test
    void theDaemonsRunWithSmallHeapsAndSparksJava17Options() {
        for (Process daemon : SPARK.cluster().daemonProcesses()) {
            assertThat(daemon.info().arguments().map(List::of).orElseThrow())
                    .contains("-Xmx256m", "--add-opens=java.base/java.nio=ALL-UNNAMED");
        }
        assertThat(SPARK.cluster().serverLogs())
                .containsPattern("Spark Command: .*org.apache.spark.deploy.master.Master --host 127.0.0.1")
                .containsPattern("Spark Command: .*org.apache.spark.deploy.worker.Worker --host 127.0.0.1 .*--cores 1 "
                        + "--memory 1g");
    }

    @Test
    void theMasterAndTheWorkerListenOnTheLoopbackOnly() throws Exception {
        List<Process> daemons = SPARK.cluster().daemonProcesses();
        assertThat(daemons).hasSize(2);
        for (Process daemon : daemons) {
            List<InetAddress> listening = ListeningSockets.of(daemon.pid());
            assertThat(listening)
                    .as("pid %d listens on: RPC and web UI at least", daemon.pid())
                    .hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(InetAddress::isLoopbackAddress);
        }
    }

    @Test
    void sparkSubmitGoesThroughSparksLauncherWithItsJava17Options() {
        SparkStandaloneCluster.SubmitResult version = SPARK.cluster().sparkSubmit("--version");

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output())
                .contains("version 4.0.1")
                .containsPattern("Spark Command: .*--add-opens=java.base/java.nio=ALL-UNNAMED")
                .containsPattern("Spark Command: .*org.apache.spark.deploy.SparkSubmit --version");
    }
}
