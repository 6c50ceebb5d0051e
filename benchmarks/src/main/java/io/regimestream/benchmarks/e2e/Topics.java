package io.regimestream.benchmarks.e2e;

import java.util.List;
import java.util.Map;

/** Benchmark topics: separate from the pipeline's own, a set of output topics per measured run. */
final class Topics {

    /** The broker stamps output records on arrival, so every mode is timed by the same clock. */
    static final Map<String, String> OUTPUT_CONFIG = Map.of("message.timestamp.type", "LogAppendTime");
    /** Model announcements: nobody announces during a benchmark; unbounded runs subscribe to it. */
    static final String MODELS = "bench-models";

    private Topics() {}

    static String readings(int machines) {
        return "bench-readings-m" + machines;
    }

    static String output(String run) {
        return "bench-out-" + run;
    }

    static String deadLetters(String run) {
        return "bench-dlq-" + run;
    }

    static String regimeChanges(String run) {
        return "bench-changes-" + run;
    }

    static String modelStatus(String run) {
        return "bench-status-" + run;
    }

    /** Every topic a run writes to, created before it starts and deleted after it is counted. */
    static List<String> ofRun(String run) {
        return List.of(output(run), deadLetters(run), regimeChanges(run), modelStatus(run));
    }
}
