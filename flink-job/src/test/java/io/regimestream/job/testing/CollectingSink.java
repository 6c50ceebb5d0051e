package io.regimestream.job.testing;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it is given, for a job run in this JVM (a MiniCluster): the sink is
 * serialized to its tasks, so what they write goes to a queue found by the sink's id.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        COLLECTED.put(id, new ConcurrentLinkedQueue<>());
    }

    /** Everything written so far, in the order the tasks wrote it. */
    @SuppressWarnings("unchecked")
    public List<T> collected() {
        return COLLECTED.get(id).stream().map(o -> (T) o).toList();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> queue = COLLECTED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                queue.add(element); // the job's records are not reused once emitted (see RegimeScoringPipeline.runtime)
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
