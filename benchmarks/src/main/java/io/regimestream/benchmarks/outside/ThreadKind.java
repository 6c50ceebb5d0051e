package io.regimestream.benchmarks.outside;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a thread of the measured processes is for, from its name: the Java name when a thread dump
 * gave one, else the kernel's (the first 15 characters). The kinds the parallelism question turns
 * on: per Flink subtask a task thread, a source fetcher, a Kafka producer I/O thread, a model
 * follower and timers; the raw loops' work and fetch threads count as task and fetcher; the
 * broker's network and request-handler threads.
 */
public enum ThreadKind {
    TASK(
            "task thread: source output, scoring, JSON, producer.send (Flink task / raw-loop work thread)",
            "^(Source: .*\\(\\d+/\\d+\\)#\\d+|Source: .*|raw-loop-\\d+)$"),
    SOURCE_FETCHER(
            "Kafka source fetcher (Flink's split fetcher / raw-loop fetch thread)",
            "^(Source Data Fetcher for .*|Source Data Fet.*|raw-fetch-\\d+)$"),
    PRODUCER_IO("Kafka producer I/O thread", "^kafka-producer-.*"),
    MODEL_FOLLOWER("the job's model follower (control-topic consumer)", "^model-follower.*"),
    TIMERS(
            "Flink timers (processing-time service, checkpoint timer)",
            "^(System Time Trigger for .*|Time Trigger for .*|System Time Tri.*|Time Trigger fo.*|Checkpoint Timer.*)$"),
    BROKER_NETWORK(
            "broker network threads (sockets, request/response I/O)",
            "^(data-plane-kafka-network-thread.*|data-plane-kafka-socket-acceptor.*|kafka-network-thread.*)$"),
    BROKER_REQUEST_HANDLER("broker request handlers (appends, fetches)", "^data-plane-kafka-request-handler.*"),
    GC("garbage collection and safepoints (GC Thread, G1 *, VM Thread)", "^(GC Thread.*|G1 .*|VM Thread)$"),
    JIT("JIT compilers", "^C[12] CompilerThre.*"),
    JVM(
            "other JVM threads (main, finalizer, periodic tasks, ...)",
            "^(main|java|VM Periodic Task Thread|VM Periodic Tas|Service Thread|Signal Dispatcher|Finalizer|"
                    + "Reference Handler|Common-Cleaner|Sweeper thread|Monitor Deflation Thread|Monitor Deflati|"
                    + "Notification Thread|Notification Th|Attach Listener)$"),
    OTHER("everything else (Flink's runtime and RPC, the broker's other threads, Kafka admin clients)", ".*");

    private final String description;
    private final Pattern name;

    ThreadKind(String description, String name) {
        this.description = description;
        this.name = Pattern.compile(name);
    }

    public String description() {
        return description;
    }

    /** The first kind whose pattern matches (the generic ones come last). */
    public static ThreadKind of(String threadName) {
        String n = threadName == null ? "" : threadName.strip();
        for (ThreadKind kind : values()) {
            if (kind.name.matcher(n).matches()) {
                return kind;
            }
        }
        return OTHER;
    }

    /** Every kind and which threads it counts, for the result file. */
    static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        for (ThreadKind k : values()) {
            d.put(k.name(), k.description());
        }
        return d;
    }
}
