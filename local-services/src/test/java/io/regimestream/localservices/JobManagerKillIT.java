package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.localservices.junit.ZooKeeperExtension;
import io.regimestream.localservices.testjobs.TestJobJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JobManager of a real standalone cluster (JobManager and TaskManager each their own JVM)
 * killed with SIGKILL and replaced by a new JobManager process, as a supervisor would: with
 * Flink's ZooKeeper high availability (a real ZooKeeper server) the new one takes the running job
 * over and the TaskManager, left running, serves it again; without it the job is gone.
 */
class JobManagerKillIT {

    @RegisterExtension
    static final ZooKeeperExtension ZOOKEEPER = new ZooKeeperExtension();

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    @TempDir
    Path jars;

    /**
     * Also what a TaskManager does when no JobManager comes back: once it has found no leader for
     * {@code taskmanager.registration.timeout} (5 min by default, 10 s here) it exits, for its
     * supervisor to start it again.
     */
    @Test
    void withZooKeeperHighAvailabilityANewJobManagerTakesTheRunningJobOver() {
        try (FlinkCluster flink = FlinkCluster.builder()
                .zooKeeperHighAvailability(ZOOKEEPER.connectString())
                // The new JobManager is elected once the dead one's ZooKeeper session expired.
                .config("high-availability.zookeeper.client.session-timeout", "5 s")
                .config("taskmanager.registration.timeout", "10 s")
                .build()
                .start()) {
            assertThat(flink.confDir().resolve("config.yaml"))
                    .content()
                    .contains("high-availability.type: zookeeper")
                    .contains("high-availability.zookeeper.quorum: " + ZOOKEEPER.connectString())
                    .contains("high-availability.storageDir: file://"
                            + flink.home().resolve("ha"));
            String job = submitCountingForever(flink);
            long taskManager = flink.taskManagerPid(0);

            flink.killJobManager();
            assertThat(flink.isJobManagerAlive()).isFalse();
            flink.startJobManager();

            await().atMost(PATIENCE).until(() -> "RUNNING".equals(flink.rest().jobState(job)));
            flink.awaitTaskManagersRegistered();
            assertThat(flink.taskManagerPid(0))
                    .as("the TaskManager rode through the outage")
                    .isEqualTo(taskManager);
            assertThat(ProcessHandle.of(taskManager))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(flink.rest().runningJobIds()).containsExactly(job);
            // A job is RUNNING before its tasks are: they are deployed once it is.
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(
                                    flink.rest().get("/jobs/" + job).body().path("vertices"))
                            .allSatisfy(
                                    v -> assertThat(v.path("status").asText()).isEqualTo("RUNNING")));

            // No JobManager this time: the TaskManager gives up after its registration timeout.
            long killed = System.nanoTime();
            flink.killJobManager();
            await().atMost(PATIENCE).until(() -> ProcessHandle.of(taskManager).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - killed))
                    .as("the TaskManager waited for a new JobManager before it gave up")
                    .isGreaterThan(Duration.ofSeconds(10));
            assertThat(flink.serverLogs()).contains("Could not register at the ResourceManager");
        }
    }

    @Test
    void withoutHighAvailabilityTheJobIsGoneWithTheJobManager() {
        try (FlinkCluster flink = FlinkCluster.builder().build().start()) {
            String job = submitCountingForever(flink);

            flink.killJobManager();
            flink.startJobManager();

            assertThat(flink.rest().get("/jobs/overview").body().path("jobs"))
                    .as("jobs the new JobManager knows")
                    .isEmpty();
            assertThat(flink.rest().get("/jobs/" + job).status()).isEqualTo(404);
        }
    }

    private String submitCountingForever(FlinkCluster flink) {
        Path jar = TestJobJar.writeTo(jars);
        FlinkCluster.CliResult run = flink.flinkRun("-d", "-c", TestJobJar.COUNTING_JOB, jar.toString(), "0", "10");
        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher id = JOB_ID.matcher(run.output());
        assertThat(id.find()).as(run.output()).isTrue();
        String job = id.group(1);
        await().atMost(PATIENCE).until(() -> "RUNNING".equals(flink.rest().jobState(job)));
        return job;
    }
}
