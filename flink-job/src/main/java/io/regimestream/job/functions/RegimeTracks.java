package io.regimestream.job.functions;

import io.regimestream.common.records.RegimeChange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Per machine: reports a {@link RegimeChange} when the predicted regime differs from the machine's
 * current one for {@code readingsToConfirm} readings in a row. A shorter excursion (noise at a
 * regime boundary) changes nothing, so events do not flap. The first prediction of a machine sets
 * its regime without an event (there is no "from"). The event's time is that of the first reading
 * in the new regime, its confidence the mean over the confirming readings.
 *
 * <p>No keyBy: Kafka readings are keyed by machine, so one machine's readings always reach the same
 * task, which keeps the machine's track here. For rescaling, every task restores all tracks
 * ({@link #restore}, union state) and <em>claims</em> a machine's track when its reading arrives;
 * a snapshot ({@link #snapshot}) holds the tracks this task claimed plus the unclaimed ones whose
 * machine hashes to this task, so each track survives in at least one task. A track in two
 * snapshots (claimed by one task, hash-owned by another) is resolved on restore by the later update.
 *
 * <p>Cost per machine: about 150 bytes of heap (map entry, id, track) and, in a snapshot, the id's
 * UTF-8 length plus ~8 bytes (24 while a change is pending); 100,000 machines with 10-character ids
 * take ~15 MB of heap per task and ~2 MB of checkpoint. After a restore every task holds every
 * restored track until the next restore (it cannot know which machines it will see).
 * Not thread-safe: the task thread owns it.
 */
public final class RegimeTracks {

    private static final int FORMAT = 1;

    private final int readingsToConfirm;
    private final Map<String, Track> tracks = new HashMap<>();
    private Track last; // the track of the latest observe(), for what others keep beside it
    private String lastMachineId;

    /** @param readingsToConfirm readings in a row the new regime must hold (1 = every change at once) */
    public RegimeTracks(int readingsToConfirm) {
        if (readingsToConfirm < 1) {
            throw new IllegalArgumentException("--regime-change-readings must be at least 1, was " + readingsToConfirm);
        }
        this.readingsToConfirm = readingsToConfirm;
    }

    /**
     * Moves the machine's track on by one prediction.
     *
     * @param now processing time, orders updates of the same track made by different tasks
     * @return the change this prediction confirms, or null
     */
    public RegimeChange observe(
            String machineId, long timestamp, int regime, double confidence, String modelVersion, long now) {
        Track t = tracks.get(machineId);
        lastMachineId = machineId;
        if (t == null) {
            t = new Track();
            t.settleIn(regime);
            t.touch(now);
            tracks.put(machineId, t);
            last = t;
            return null;
        }
        last = t;
        t.touch(now);
        if (regime == t.regime) {
            t.settleIn(regime); // back in the settled regime: the excursion was noise
            return null;
        }
        if (regime == t.candidate) {
            t.candidateReadings++;
            t.candidateConfidenceSum += confidence;
        } else {
            t.candidate = regime;
            t.candidateReadings = 1;
            t.candidateSince = timestamp;
            t.candidateConfidenceSum = confidence;
        }
        if (t.candidateReadings < readingsToConfirm) {
            return null;
        }
        RegimeChange change = new RegimeChange(
                machineId,
                t.regime,
                t.candidate,
                t.candidateSince,
                t.candidateConfidenceSum / t.candidateReadings,
                t.candidateReadings,
                modelVersion);
        t.settleIn(t.candidate);
        return change;
    }

    public int size() {
        return tracks.size();
    }

    /**
     * What another part of the task keeps for the machine of the latest {@link #observe} (the drift
     * window), or null: found by the track's own lookup, so a reading costs one hash lookup, not two.
     *
     * @param machineId the machine just observed (the same instance), checked
     */
    public Object attachment(String machineId) {
        return lastTrack(machineId).attachment;
    }

    /** Keeps {@code attachment} beside the track of the machine of the latest {@link #observe}. */
    public void attach(String machineId, Object attachment) {
        lastTrack(machineId).attachment = attachment;
    }

    private Track lastTrack(String machineId) {
        if (machineId != lastMachineId || last == null) {
            throw new IllegalStateException(
                    "attachments are for the machine of the latest observe(), not " + machineId);
        }
        return last;
    }

    /** The task that keeps an unclaimed track in its snapshots: stable across JVMs (String.hashCode). */
    static int owner(String machineId, int parallelism) {
        return Math.floorMod(machineId.hashCode(), parallelism);
    }

    /**
     * The tracks this task ({@code subtask} of {@code parallelism}) is responsible for, as compact
     * bytes: a settled machine takes its id's UTF-8 length plus about 8 bytes, one in the middle of
     * a possible change 16 more.
     */
    public byte[] snapshot(int subtask, int parallelism) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + tracks.size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            long base = 0;
            int count = 0;
            for (Map.Entry<String, Track> e : tracks.entrySet()) {
                if (e.getValue().claimed || owner(e.getKey(), parallelism) == subtask) {
                    base = Math.max(base, e.getValue().updatedAt);
                    count++;
                }
            }
            out.writeInt(FORMAT);
            out.writeLong(base);
            out.writeInt(count);
            for (Map.Entry<String, Track> e : tracks.entrySet()) {
                Track t = e.getValue();
                if (t.claimed || owner(e.getKey(), parallelism) == subtask) {
                    out.writeUTF(e.getKey());
                    VarLongs.write(out, t.regime);
                    VarLongs.write(out, t.candidate + 1L);
                    if (t.candidate >= 0) {
                        VarLongs.write(out, t.candidateReadings);
                        out.writeLong(t.candidateSince);
                        out.writeDouble(t.candidateConfidenceSum);
                    }
                    VarLongs.write(out, base - t.updatedAt); // recent updates: a few bytes instead of 8
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    /** Adds the tracks of one snapshot, unclaimed; of two tracks of one machine the later update wins. */
    public void restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "regime tracks in format " + format + ", this job reads format " + FORMAT);
            }
            long base = in.readLong();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String machineId = in.readUTF();
                Track t = new Track();
                t.regime = (int) VarLongs.read(in);
                t.candidate = (int) VarLongs.read(in) - 1;
                if (t.candidate >= 0) {
                    t.candidateReadings = (int) VarLongs.read(in);
                    t.candidateSince = in.readLong();
                    t.candidateConfidenceSum = in.readDouble();
                }
                t.updatedAt = base - VarLongs.read(in);
                tracks.merge(machineId, t, (a, b) -> a.updatedAt >= b.updatedAt ? a : b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("regime tracks in the checkpoint are unreadable", e);
        }
    }

    /** A machine's settled regime and the regime it may be moving to (mutable: one per machine, no garbage per reading). */
    private static final class Track {
        int regime;
        int candidate; // the other regime seen in the latest readings, or -1
        int candidateReadings; // how many readings in a row it has held
        long candidateSince; // event time of the first of them
        double candidateConfidenceSum;
        long updatedAt; // strictly increasing per track, so the later of two copies wins on restore
        boolean claimed; // updated by this task since it started
        Object attachment; // kept beside the track by others (the drift window); not in snapshots

        void settleIn(int settled) {
            regime = settled;
            candidate = -1;
            candidateReadings = 0;
            candidateSince = 0;
            candidateConfidenceSum = 0;
        }

        void touch(long now) {
            updatedAt = Math.max(now, updatedAt + 1);
            claimed = true;
        }
    }
}
