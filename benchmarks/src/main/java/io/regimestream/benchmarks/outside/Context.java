package io.regimestream.benchmarks.outside;

import io.regimestream.localservices.KafkaBrokerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every run of the outside measurement shares.
 *
 * @param root              the repository (bin/job)
 * @param dir               the runs' logs (the processes' output, their JVM logs)
 * @param brokerThreadNames the broker's Java thread names by thread id
 * @param jobArgs           more bin/job arguments for every job run (e.g. {@code --kafka-property batch.size=262144})
 * @param brokerJvmLog      the broker JVM's own log of its GCs and safepoints ({@link JvmLog})
 */
record Context(
        Path root,
        Path dir,
        Path model,
        KafkaBrokerProcess broker,
        int partitions,
        ThreadSampler sampler,
        Map<Integer, String> brokerThreadNames,
        Path brokerJvmLog,
        List<String> jobArgs) {}
