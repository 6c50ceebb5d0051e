package io.regimestream.job.machines;

import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.config.ScoringSettings;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A scoring task's per-machine records ({@link MachineState}: regime track and drift window), one
 * map, one lookup per reading, bounded two ways:
 * <ul>
 *   <li><b>Idle machines are evicted</b>: a machine without a reading for longer than
 *       {@link ScoringSettings#machineIdleTimeout()} (processing time) loses its record, checked every
 *       {@link #sweepMillis()} by {@link #evictIdle}; its next reading starts a new track, as a new
 *       machine's does (its first prediction sets the regime, without an event).</li>
 *   <li><b>At most {@link ScoringSettings#maxMachinesPerTask()} machines per task</b>: a reading of a
 *       machine beyond it is not scored ({@link #claim} answers null, the scorer sends it to the
 *       dead-letter topic with its reason), so random machine ids cannot grow the heap, the
 *       checkpoints and InfluxDB's series without limit.</li>
 * </ul>
 *
 * <p>No keyBy: Kafka readings are keyed by machine, so one machine's readings always reach the same
 * task, which keeps the machine's record here. For rescaling, every task restores all records
 * (union state) and <em>claims</em> a machine's record when its reading arrives; a snapshot holds
 * the records this task claimed plus the unclaimed ones whose machine hashes to this task
 * ({@link #owner}), so each survives in at least one task; of two copies of one machine the later
 * update wins. Restored records only count against the limit once claimed, and are evicted like
 * the others, their idle time counted from the restore at the earliest.
 *
 * <p>Metrics: gauge {@code machinesTracked} (records held), counter {@code machinesEvicted}.
 * Not thread-safe: the task thread owns it.
 */
public final class MachineStates implements Iterable<MachineState> {

    final Map<String, MachineState> machines = new HashMap<>();
    private final int readingsToConfirm;
    private final int limit;
    private final long idleMillis;
    private final long sweepMillis;
    private final Counter evicted;
    private int claimed;
    long restoredAt; // idle time of restored records counts from here at the earliest
    private long nextSweep;

    public MachineStates(ScoringSettings settings, MetricGroup metrics) {
        this.readingsToConfirm = settings.regimeChangeReadings();
        this.limit = settings.maxMachinesPerTask();
        this.idleMillis = settings.machineIdleTimeout().toMillis();
        // a tenth of the idle time, within [1 s, 1 min]: a machine goes at most that long after its time
        this.sweepMillis = Math.max(1_000, Math.min(60_000, idleMillis / 10));
        this.evicted = metrics.counter("machinesEvicted");
        metrics.gauge("machinesTracked", machines::size);
    }

    /**
     * The record of {@code machineId}, made or claimed for a reading that arrived at {@code now}, or
     * null when it is a machine this task does not hold and it holds as many as it may.
     */
    public MachineState claim(String machineId, long now) {
        MachineState m = machines.get(machineId);
        if (m == null) {
            if (claimed >= limit) {
                return null;
            }
            m = new MachineState(machineId);
            machines.put(machineId, m);
            m.claimed = true;
            claimed++;
        } else if (!m.claimed) { // restored, its machine's first reading here
            if (claimed >= limit) {
                return null;
            }
            m.claimed = true;
            claimed++;
        }
        m.touch(now);
        return m;
    }

    /** Moves the machine's regime track on by one prediction: the change it confirms, or null. */
    public RegimeChange observe(
            MachineState machine, long timestamp, int regime, double confidence, String modelVersion) {
        return machine.observe(timestamp, regime, confidence, modelVersion, readingsToConfirm);
    }

    /** Why a reading of {@code machineId} was not scored (after {@link #claim} said null), for its dead letter. */
    public String refusal(String machineId, String task) {
        return task + " already holds the state of " + claimed + " machines, its --max-machines-per-task; machine '"
                + machineId + "' is new to it and was not scored (raise the limit or the parallelism; machines idle "
                + "for --machine-idle-timeout are evicted)";
    }

    /** Drops the records of machines idle for longer than the idle time; at most every {@link #sweepMillis()}. */
    public void evictIdle(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + sweepMillis;
        long oldest = now - idleMillis;
        for (Iterator<MachineState> it = machines.values().iterator(); it.hasNext(); ) {
            MachineState m = it.next();
            if (Math.max(m.updatedAt, restoredAt) < oldest) {
                it.remove();
                evicted.inc();
                if (m.claimed) {
                    claimed--;
                }
            }
        }
    }

    /** When {@link #evictIdle} next looks, for the operator's timer. */
    public long nextSweep() {
        return nextSweep;
    }

    long sweepMillis() {
        return sweepMillis;
    }

    public int size() {
        return machines.size();
    }

    /** Machines whose readings reached this task since it started (what the limit counts). */
    public int claimed() {
        return claimed;
    }

    /** The record of a machine, or null (for tests). */
    MachineState get(String machineId) {
        return machines.get(machineId);
    }

    @Override
    public Iterator<MachineState> iterator() {
        return machines.values().iterator();
    }

    /** The task that keeps an unclaimed record in its snapshots: stable across JVMs (String.hashCode). */
    static int owner(String machineId, int parallelism) {
        return Math.floorMod(machineId.hashCode(), parallelism);
    }
}
