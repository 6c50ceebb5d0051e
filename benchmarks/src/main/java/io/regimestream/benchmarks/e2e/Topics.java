package io.regimestream.benchmarks.e2e;

import java.util.Map;

/** Benchmark topics: separate from the pipeline's own, one output topic per measured mode. */
final class Topics {

    static final String READINGS = "bench-readings";
    /** The broker stamps output records on arrival, so every mode is timed by the same clock. */
    static final Map<String, String> OUTPUT_CONFIG = Map.of("message.timestamp.type", "LogAppendTime");

    private Topics() {
    }

    static String output(String mode) {
        return "bench-out-" + mode;
    }

    static String deadLetters(String mode) {
        return "bench-dlq-" + mode;
    }
}
