package io.regimestream.benchmarks.outside;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One latency run from outside.
 *
 * @param clock          what the latency is measured to (output append for at-least-once, the reader for exactly-once)
 * @param latency        send stamp to {@code clock}, ms
 * @param toOutputAppend send stamp to the prediction's broker append, ms (for exactly-once: before the commit)
 * @param toReader       send stamp to the read_committed reader's receipt, ms
 * @param sent           readings stamped in the measured window
 * @param received       their predictions seen (duplicates included)
 * @param duplicates     predictions seen twice (at-least-once may repeat)
 * @param tail           what the records above p99 overlapped, and their stages
 * @param threads        the job's threads by kind over the measured window
 * @param brokerThreads  the broker's
 * @param gcs            collections of the job's JVM in the window
 * @param stops          the job's stops (safepoints) of 1 ms or more in the window
 * @param longestStopMillis its longest stop in the window
 * @param allocatedBytesPerRecord what the job's JVM allocated per record (GC log), NaN if unknown
 * @param checkpoints    Flink's checkpoint statistics (counts and summary) at the end of the run
 * @param kafkaMetrics   the job's Kafka client metrics at the end of the run (queue times, batch and poll sizes)
 */
record LatencyResult(
        String key,
        String delivery,
        String format,
        int parallelism,
        Long checkpointIntervalMs,
        int round,
        LatencySample.Clock clock,
        LatencyStats latency,
        LatencyStats toOutputAppend,
        LatencyStats toReader,
        long sent,
        long received,
        long duplicates,
        TailAttribution tail,
        ThreadUsage threads,
        ThreadUsage brokerThreads,
        int gcs,
        int stops,
        double longestStopMillis,
        double allocatedBytesPerRecord,
        double loadBefore,
        double loadAfter,
        JsonNode checkpoints,
        Map<String, JsonNode> kafkaMetrics) {}
