package io.regimestream.job.sinks;

import io.regimestream.job.records.JobOutput;
import io.regimestream.job.sinks.influxdb.EndOfPoints;
import io.regimestream.job.sinks.influxdb.InfluxDbSink;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each output that has an InfluxDB point into its line of line protocol ({@link
 * JobOutputPoints}) for the points topic, and when its input ends (a replay, {@code flink stop
 * --drain}) appends its {@link EndOfPoints} marker, so that the job's InfluxDB writer knows when
 * it has everything.
 *
 * <p>It runs under the uid the job's InfluxDB sink had before the points went through Kafka
 * ({@code influxdb-outputs-sink}), so a savepoint of such a job restores without dropping state:
 * the points that sink had buffered (its writer state, {@code writer_raw_states}) are sent on to
 * the topic before anything else.
 */
public final class InfluxPointLines extends AbstractStreamOperator<String>
        implements OneInputStreamOperator<JobOutput, String>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InfluxPointLines.class);

    /** The state of the InfluxDB sink this operator replaces (Flink's sink writer operator names it so). */
    static final ListStateDescriptor<byte[]> FORMER_SINK_BUFFER =
            new ListStateDescriptor<>("writer_raw_states", BytePrimitiveArraySerializer.INSTANCE);

    private final String run;
    private transient JobOutputPoints points;
    private transient List<String> formerSinkPoints;

    /** @param run the job run's id, written into the end marker */
    public InfluxPointLines(String run) {
        this.run = run;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        formerSinkPoints = new ArrayList<>();
        ListState<byte[]> former = context.getOperatorStateStore().getListState(FORMER_SINK_BUFFER);
        for (byte[] writerState : former.get()) {
            formerSinkPoints.addAll(InfluxDbSink.bufferedPoints(writerState));
        }
        former.clear();
        if (!formerSinkPoints.isEmpty()) {
            LOG.info(
                    "Restored {} InfluxDB points the former InfluxDB sink had buffered; sending them to the points topic",
                    formerSinkPoints.size());
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        points = new JobOutputPoints();
    }

    @Override
    public void processElement(StreamRecord<JobOutput> element) {
        sendFormerSinkPoints();
        output.collect(element.replace(points.toLineProtocol(element.getValue())));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        sendFormerSinkPoints(); // before the barrier: the next checkpoint no longer needs them
    }

    @Override
    public void endInput() {
        sendFormerSinkPoints();
        var task = getRuntimeContext().getTaskInfo();
        output.collect(new StreamRecord<>(
                EndOfPoints.marker(run, task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks())));
    }

    private void sendFormerSinkPoints() {
        if (formerSinkPoints.isEmpty()) {
            return;
        }
        formerSinkPoints.forEach(line -> output.collect(new StreamRecord<>(line)));
        formerSinkPoints.clear();
    }
}
