package io.regimestream.benchmarks.e2e;

/** One measured configuration: a mode at a parallelism on an input of so many machines. */
record RunConfig(Mode mode, int parallelism, int machines) {

    /** e.g. {@code flink-at-least-once-p2-m100}: names topics and groups the runs in the summary. */
    String key() {
        return mode.id() + "-p" + parallelism + "-m" + machines;
    }
}
