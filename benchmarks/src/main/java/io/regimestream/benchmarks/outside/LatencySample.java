package io.regimestream.benchmarks.outside;

/**
 * One reading's way through the pipeline, in epoch ms, every clock the machine's own (loader,
 * broker, job and reader run on the same host).
 *
 * @param stamp        the loader's wall clock when it sent the reading (the reading's {@code timestamp})
 * @param inputAppend  the broker's append time of the reading (the input topic stamps LogAppendTime); -1 unknown
 * @param processed    the job's clock when it scored it ({@code processingTime} of a full prediction); -1 unknown
 * @param outputAppend the broker's append time of the prediction (the output topic stamps LogAppendTime)
 * @param read         the reader's clock when a read_committed poll returned the prediction
 */
public record LatencySample(long stamp, long inputAppend, long processed, long outputAppend, long read) {

    /** What the latency of a run is taken from: the output's append, or its arrival at a read_committed reader. */
    public enum Clock {
        /**
         * At-least-once: the prediction is readable once appended, so its broker append time is when it
         * came out, free of the reader's own fetch delay and load.
         */
        OUTPUT_APPEND,
        /**
         * Exactly-once: an appended prediction is invisible to read_committed consumers until the
         * transaction commits, so only a reader's clock sees when it became readable.
         */
        READER
    }

    long end(Clock clock) {
        return clock == Clock.OUTPUT_APPEND ? outputAppend : read;
    }

    long latency(Clock clock) {
        return end(clock) - stamp;
    }
}
