package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output for what became of each model announcement (to the status topic). */
public final class ModelStatuses {

    public static final OutputTag<ModelStatus> TAG = new OutputTag<>("model-status", TypeInformation.of(ModelStatus.class));

    private ModelStatuses() {
    }

    /** e.g. {@code score-regime 1/2}: which parallel task decided. */
    public static String task(String operator, int subtask, int parallelism) {
        return operator + " " + (subtask + 1) + "/" + parallelism;
    }
}
