#!/bin/sh
# The compose stack's one-shot submission of the scoring job (service job-submit):
#   job-submit.sh JOB_ID [flink run options] JAR [job options]
# submits with `flink run --detached` under the fixed JOB_ID (Flink's $internal.pipeline.job-id).
# Run again (`docker compose up` re-runs a one-shot service, a JobManager restarted with ZooKeeper
# high availability has taken the job over meanwhile), the JobManager refuses a job id it already
# runs (DuplicateJobSubmissionException), so no second copy starts: this script says so and ends
# with 0. Any other failure ends it with flink's exit code.
# FLINK names the flink command (default: flink on the PATH).
set -u
if [ $# -lt 2 ]; then
  echo "usage: job-submit.sh JOB_ID [flink run options] JAR [job options]" >&2
  exit 2
fi
job_id=$1
shift
output=$("${FLINK:-flink}" run --detached -D "\$internal.pipeline.job-id=$job_id" "$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne 0 ] && printf '%s' "$output" | grep -q "DuplicateJobSubmissionException"; then
  echo "job-submit: job $job_id already runs on this cluster: not submitted again"
  exit 0
fi
exit "$status"
