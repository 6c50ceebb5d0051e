package io.regimestream.job.sinks.influxdb;

import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;
import org.apache.flink.connector.base.sink.writer.strategy.ResultInfo;

/**
 * At most {@code maxInFlightRequests} requests at once, each up to {@code maxBatchSize} points.
 * Replaces Flink's default AIMD strategy, which would shrink batches to a handful of points during
 * an outage and take hundreds of requests to grow back; the sink backs off by itself instead.
 * Used only from the mailbox thread.
 */
final class FixedInFlightRequests implements RateLimitingStrategy {

    private final int maxInFlightRequests;
    private final int maxBatchSize;
    private int inFlight;

    FixedInFlightRequests(int maxInFlightRequests, int maxBatchSize) {
        this.maxInFlightRequests = maxInFlightRequests;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public void registerInFlightRequest(RequestInfo requestInfo) {
        inFlight++;
    }

    @Override
    public void registerCompletedRequest(ResultInfo resultInfo) {
        inFlight = Math.max(0, inFlight - 1);
    }

    @Override
    public boolean shouldBlock(RequestInfo requestInfo) {
        return inFlight >= maxInFlightRequests;
    }

    @Override
    public int getMaxBatchSize() {
        return maxBatchSize;
    }
}
