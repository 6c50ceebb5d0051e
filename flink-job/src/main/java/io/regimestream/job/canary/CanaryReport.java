package io.regimestream.job.canary;

import io.regimestream.job.health.FitCounts;
import java.util.Objects;

/**
 * What one scoring task counted of a canary in one interval: how the readings of the candidate's
 * machines fitted the candidate, and those of the other machines the active model ({@link FitCounts},
 * each against its own model). Every task writes one per {@code --canary-report-interval} to the
 * control topic, sealed ({@link CanarySeal}); every task reads them all there, in the topic's order,
 * and judges the canary from their sums ({@link CanaryTally}), so all decide alike. Also an InfluxDB
 * point ({@code model_canary}).
 *
 * @param job              the id of the job's report key ({@link CanarySeal#keyId()})
 * @param candidateVersion the canary's version
 * @param sequence         the canary announcement's sequence: which canary of that version
 * @param activeVersion    the model that scored the other machines
 * @param task             the reporting task, 1 to {@code tasks}
 * @param tasks            the job's parallelism when it reported
 * @param fromMillis       processing time the interval began
 * @param toMillis         processing time it ended: the next report of this task begins there
 * @param candidate        the candidate's side
 * @param active           the active model's side
 * @param mac              the seal over everything else; null before it is sealed
 */
public record CanaryReport(
        String job,
        String candidateVersion,
        long sequence,
        String activeVersion,
        int task,
        int tasks,
        long fromMillis,
        long toMillis,
        FitCounts candidate,
        FitCounts active,
        String mac) {

    public CanaryReport {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        Objects.requireNonNull(activeVersion, "activeVersion");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(active, "active");
        if (tasks < 1 || task < 1 || task > tasks || toMillis <= fromMillis) {
            throw new IllegalArgumentException(
                    "a canary report of task " + task + " of " + tasks + " from " + fromMillis + " to " + toMillis);
        }
    }

    /** This report sealed with {@code seal}: its MAC covers every other field. */
    public CanaryReport sealedWith(CanarySeal seal) {
        CanaryReport unsealed = withMac(null);
        return withMac(seal.mac(CanaryReportCodec.sealedContent(CanaryReportCodec.toJson(unsealed))));
    }

    private CanaryReport withMac(String newMac) {
        return new CanaryReport(
                job,
                candidateVersion,
                sequence,
                activeVersion,
                task,
                tasks,
                fromMillis,
                toMillis,
                candidate,
                active,
                newMac);
    }

    /** Whose counts these are, as a key: the task and the parallelism ({@code 1/2}). */
    public String reporter() {
        return task + "/" + tasks;
    }
}
