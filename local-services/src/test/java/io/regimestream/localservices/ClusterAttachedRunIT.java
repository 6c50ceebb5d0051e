package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.testjobs.TestJobJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cluster flink -- run JAR} in attached mode (no {@code -d}) against a real Flink
 * standalone cluster (a JobManager and a TaskManager process): the client's output comes as it is
 * printed, the command waits as {@code flink run} does, and a run that is interrupted (Ctrl-C) or
 * times out cancels its job instead of leaving it running.
 */
class ClusterAttachedRunIT {

    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Set<String> NOT_YET_ENDED = Set.of("INITIALIZING", "CREATED", "RUNNING");

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @TempDir
    static Path folder;

    private static String jar;

    @BeforeAll
    static void buildTheTestJobJar() {
        jar = TestJobJar.writeTo(folder).toString();
    }

    @Test
    void anAttachedRunPrintsItsJobIdAtOnceAndEndsWithItsJob() throws Exception {
        ClusterCommandProcess run = startAttachedRun("150");
        try {
            String jobId = awaitJobId(run);
            // Printed while the job runs (it counts for 15 s), not when the command ends.
            assertThat(FLINK.cluster().rest().jobState(jobId)).isIn(NOT_YET_ENDED);

            assertThat(run.awaitExit(PATIENCE)).as(run.output()).isZero();
            assertThat(FLINK.cluster().rest().jobState(jobId)).isEqualTo("FINISHED");
            assertThat(run.output()).contains("Job with JobID " + jobId + " has finished.");
        } finally {
            run.kill();
        }
    }

    @Test
    void ctrlCOnAnAttachedRunCancelsItsJob() throws Exception {
        ClusterCommandProcess run = startAttachedRun("0");
        try {
            String jobId = awaitJobId(run);
            awaitState(jobId, "RUNNING");

            run.pressCtrlC();

            run.awaitExit(PATIENCE);
            assertThat(run.output()).contains("its job " + jobId + " was cancelled");
            awaitState(jobId, "CANCELED");
        } finally {
            run.kill();
        }
    }

    @Test
    void anAttachedRunThatOutlivesItsTimeoutCancelsItsJob() {
        FlinkCluster cluster = FLINK.cluster();

        assertThatThrownBy(() ->
                        cluster.flink(Duration.ofSeconds(30), "run", "-c", TestJobJar.COUNTING_JOB, jar, "0", "100"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not end within PT30S")
                .satisfies(e -> {
                    Matcher cancelled = Pattern.compile("its job ([0-9a-f]{32}) was cancelled")
                            .matcher(e.getMessage());
                    assertThat(cancelled.find()).as(e.getMessage()).isTrue();
                    awaitState(cancelled.group(1), "CANCELED");
                });
    }

    /** {@code bin/cluster flink -- run -c CountingJob test-jobs.jar COUNT 100}: one number every 100 ms. */
    private static ClusterCommandProcess startAttachedRun(String count) throws Exception {
        return ClusterCommandProcess.start(
                "flink", "--home", home(), "--", "run", "-c", TestJobJar.COUNTING_JOB, jar, count, "100");
    }

    private static String awaitJobId(ClusterCommandProcess run) throws InterruptedException {
        return run.awaitLine(SUBMITTED, PATIENCE)
                .orElseThrow(() -> new AssertionError("no job id within " + PATIENCE + "; printed:\n" + run.output()));
    }

    private static void awaitState(String jobId, String state) {
        await("job " + jobId + " " + state)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> FLINK.cluster().rest().jobState(jobId), state::equals);
    }

    private static String home() {
        return FLINK.cluster().home().toString();
    }
}
