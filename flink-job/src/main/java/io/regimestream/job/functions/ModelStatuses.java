package io.regimestream.job.functions;

/** Names the task that reports a model status. */
public final class ModelStatuses {

    private ModelStatuses() {}

    /** e.g. {@code score-regime 1/2}: which parallel task decided. */
    public static String task(String operator, int subtask, int parallelism) {
        return operator + " " + (subtask + 1) + "/" + parallelism;
    }
}
