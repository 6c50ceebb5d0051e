package io.regimestream.job.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.health.FitCounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The sums of a canary's reports: what counts, and how long every task has reported. */
class CanaryTallyTest {

    @Test
    void reportsAddUpAndTheTimeCoveredIsWhereEveryTaskOfAParallelismHasReported() {
        CanaryTally tally =
                CanaryTally.EMPTY.with(report(1, 2, 1_000, 2_000, 10, 1)).with(report(1, 2, 2_000, 3_000, 10, 2));
        assertThat(tally.coveredUntil()).as("task 2 of 2 has not reported").isEqualTo(-1);
        assertThat(tally.heldMillis()).isZero();

        tally = tally.with(report(2, 2, 1_500, 2_000, 5, 0));
        assertThat(tally.coveredUntil()).isEqualTo(2_000);
        assertThat(tally.heldMillis()).isEqualTo(1_000);
        var figures = tally.figures("k3-1", 0.25);
        assertThat(figures.candidate().readings()).isEqualTo(25);
        assertThat(figures.candidate().lowConfidenceShare()).isEqualTo(3.0 / 25);
        assertThat(figures.active().readings()).isEqualTo(250);
        assertThat(figures.fromMillis()).isEqualTo(1_000);
        assertThat(figures.toMillis()).isEqualTo(2_000);

        // After a rescale to 3 tasks: the new reporters cover time once all three have reported.
        tally = tally.with(report(1, 3, 9_000, 10_000, 1, 0)).with(report(2, 3, 9_000, 10_000, 1, 0));
        assertThat(tally.coveredUntil()).isEqualTo(2_000);
        tally = tally.with(report(3, 3, 9_000, 11_000, 1, 0));
        assertThat(tally.coveredUntil()).isEqualTo(10_000);
    }

    @Test
    void aReportOverlappingWhatItsTaskReportedIsNotCounted() {
        CanaryTally tally = CanaryTally.EMPTY.with(report(1, 1, 1_000, 3_000, 10, 1));
        assertThat(tally.counts(report(1, 1, 2_000, 4_000, 10, 1)))
                .as("written again after a restore")
                .isFalse();
        assertThat(tally.counts(report(1, 1, 3_000, 4_000, 10, 1))).isTrue();
        assertThat(tally.counts(report(1, 2, 1_000, 3_000, 10, 1)))
                .as("another reporter")
                .isTrue();
    }

    @Test
    void aTallySurvivesItsCheckpointForm() throws Exception {
        CanaryTally tally =
                CanaryTally.EMPTY.with(report(1, 2, 1_000, 2_000, 10, 1)).with(report(2, 2, 1_000, 2_000, 7, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        tally.write(new DataOutputStream(bytes));
        CanaryTally read = CanaryTally.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(read.figures("k3-1", 0.1)).isEqualTo(tally.figures("k3-1", 0.1));
        assertThat(read.coveredUntil()).isEqualTo(2_000);
        assertThat(read.counts(report(2, 2, 1_500, 2_500, 1, 0))).isFalse();
        assertThat(CanaryTally.read(new DataInputStream(new ByteArrayInputStream(written(CanaryTally.EMPTY))))
                        .coveredUntil())
                .isEqualTo(-1);
    }

    private static byte[] written(CanaryTally tally) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        tally.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** A report whose candidate side has {@code readings} with {@code low} low-confidence, the active side ten times as many. */
    static CanaryReport report(int task, int tasks, long from, long to, long readings, long low) {
        long[] bins = new long[10];
        bins[0] = readings;
        long[] activeBins = new long[10];
        activeBins[9] = 10 * readings;
        return new CanaryReport(
                "job",
                "k3-1",
                1,
                "k4-1",
                task,
                tasks,
                from,
                to,
                new FitCounts(readings, low, 0, bins),
                new FitCounts(10 * readings, 0, 0, activeBins),
                null);
    }
}
