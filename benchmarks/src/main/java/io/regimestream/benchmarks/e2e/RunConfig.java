package io.regimestream.benchmarks.e2e;

/** One measured configuration: a mode at a parallelism on an input of so many machines. */
record RunConfig(Mode mode, int parallelism, int machines) {

    String key() {
        return ThroughputRun.key(mode.id(), parallelism, machines);
    }
}
