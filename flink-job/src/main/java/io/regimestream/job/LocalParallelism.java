package io.regimestream.job;

/**
 * How many parallel tasks a local run of the job ({@code bin/job}) gets when Flink's configuration
 * names no {@code parallelism.default}: one per two cores, at least one. Flink's local default is
 * one per core, but a task of this job is not one busy thread: beside its task thread (read,
 * score, write) it keeps a source fetcher, a Kafka producer I/O thread and the garbage collector
 * busy, and a local run usually has the Kafka broker on the same cores. Measured from outside
 * ({@code bin/bench outside}: CPU time per record of every thread, on a busy 2-core machine), the
 * task thread did ~1.9 of the ~4 CPU-seconds per million records that the job and the broker
 * spent together, and parallelism 2 spent ~10 % more in all than 1. So on two cores one task
 * already keeps both cores busy and a second adds only its overhead; from three cores on, a second
 * task has a core to run on. With Kafka on other machines, {@code -D parallelism.default=N} up to
 * the core count may pay; the configuration always wins over this default.
 */
public final class LocalParallelism {

    private LocalParallelism() {}

    /** One task per two cores, rounded up: 1 on 1 or 2 cores, 2 on 3 or 4, 4 on 8. */
    public static int forCores(int cores) {
        return Math.max(1, (cores + 1) / 2);
    }

    /** {@link #forCores} of the cores this JVM may use. */
    public static int here() {
        return forCores(Runtime.getRuntime().availableProcessors());
    }
}
