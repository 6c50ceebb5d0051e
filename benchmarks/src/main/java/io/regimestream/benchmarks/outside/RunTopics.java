package io.regimestream.benchmarks.outside;

import java.util.List;
import java.util.Map;

/**
 * The topics of one run of the process under test; the model topic is shared (nobody announces a
 * model during a benchmark). The predictions topic stamps LogAppendTime: the broker's clock times
 * every mode alike, and is the honest end of a prediction's way (when a consumer could read it).
 */
record RunTopics(
        String readings,
        String predictions,
        String deadLetters,
        String regimeChanges,
        String modelStatus,
        String drift) {

    static final String MODELS = "outside-models";
    static final Map<String, String> APPEND_TIME = Map.of("message.timestamp.type", "LogAppendTime");

    /** Output topics named after the run, reading from {@code readings}. */
    static RunTopics of(String run, String readings) {
        return new RunTopics(
                readings,
                "outside-predictions-" + run,
                "outside-dlq-" + run,
                "outside-changes-" + run,
                "outside-status-" + run,
                "outside-drift-" + run);
    }

    /** What the run writes: created before it starts, deleted after it is counted. */
    List<String> outputs() {
        return List.of(predictions, deadLetters, regimeChanges, modelStatus, drift);
    }
}
