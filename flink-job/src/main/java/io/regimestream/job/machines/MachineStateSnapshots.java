package io.regimestream.job.machines;

import io.regimestream.job.checkpoint.VarLongs;
import io.regimestream.job.health.DriftCheckpoint;
import io.regimestream.job.health.DriftMonitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint form of a task's {@link MachineStates}, compact: per machine its id, its regime
 * track (the id's UTF-8 length plus about 8 bytes when settled, 16 more in the middle of a possible
 * change) and, with drift monitoring, its window ({@link DriftCheckpoint}: one byte without
 * readings in the window, 40 to 50 with readings in both halves). Also reads the regime tracks of
 * the older {@code regime-tracks} state (format 1), which had no drift windows.
 */
public final class MachineStateSnapshots {

    private static final int FORMAT = 1;
    private static final int TRACKS_FORMAT = 1; // the former "regime-tracks" state

    private MachineStateSnapshots() {}

    /**
     * The records this task ({@code subtask} of {@code parallelism}) is responsible for: those it
     * claimed and the unclaimed ones whose machine hashes to it.
     *
     * @param drift the task's drift monitor, whose windows go along; null when drift monitoring is off
     */
    public static byte[] snapshot(MachineStates states, int subtask, int parallelism, DriftMonitor drift) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + states.size() * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.writeBoolean(drift != null);
            if (drift != null) {
                DriftCheckpoint.writeHeader(drift, out);
            }
            long base = 0;
            int count = 0;
            for (Map.Entry<String, MachineState> e : states.machines.entrySet()) {
                if (e.getValue().claimed || MachineStates.owner(e.getKey(), parallelism) == subtask) {
                    base = Math.max(base, e.getValue().updatedAt);
                    count++;
                }
            }
            out.writeLong(base);
            out.writeInt(count);
            for (Map.Entry<String, MachineState> e : states.machines.entrySet()) {
                MachineState m = e.getValue();
                if (m.claimed || MachineStates.owner(e.getKey(), parallelism) == subtask) {
                    out.writeUTF(e.getKey());
                    VarLongs.write(out, m.regime + 1L);
                    writeTrack(out, m, base);
                    if (drift != null) {
                        DriftCheckpoint.writeWindow(drift, m, out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    /** The track after its settled regime: the possible change, then the update time (a few bytes, as a delta). */
    private static void writeTrack(DataOutputStream out, MachineState m, long base) throws IOException {
        VarLongs.write(out, m.candidate + 1L);
        if (m.candidate >= 0) {
            VarLongs.write(out, m.candidateReadings);
            out.writeLong(m.candidateSince);
            out.writeDouble(m.candidateConfidenceSum);
        }
        VarLongs.write(out, base - m.updatedAt);
    }

    private static void readTrack(DataInputStream in, MachineState m) throws IOException {
        m.candidate = (int) VarLongs.read(in) - 1;
        if (m.candidate >= 0) {
            m.candidateReadings = (int) VarLongs.read(in);
            m.candidateSince = in.readLong();
            m.candidateConfidenceSum = in.readDouble();
        }
    }

    /**
     * Adds the records of every task's snapshot, unclaimed, with their drift windows when
     * {@code drift} watches the same model now (else those start empty); of two records of one
     * machine the later update wins.
     *
     * @param drift null when drift monitoring is off now
     * @param now   restored records count as idle from here at the earliest
     */
    public static void restore(
            MachineStates states, List<byte[]> snapshots, int subtask, int parallelism, DriftMonitor drift, long now) {
        List<DriftCheckpoint.Header> headers = new ArrayList<>();
        int[] bodies = new int[snapshots.size()];
        for (int i = 0; i < snapshots.size(); i++) { // the headers first: where the windows' boundaries stand
            byte[] snapshot = snapshots.get(i);
            ByteArrayInputStream bytes = new ByteArrayInputStream(snapshot);
            try (DataInputStream in = new DataInputStream(bytes)) {
                int format = in.readInt();
                if (format != FORMAT) {
                    throw new IllegalStateException(
                            "machine states in format " + format + ", this job reads format " + FORMAT);
                }
                int from = in.readInt();
                int of = in.readInt();
                boolean own = from == subtask && of == parallelism;
                headers.add(in.readBoolean() ? DriftCheckpoint.readHeader(drift, in, own) : null);
                bodies[i] = snapshot.length - bytes.available();
            } catch (IOException e) {
                throw new UncheckedIOException("the machine states in the checkpoint are unreadable", e);
            }
        }
        DriftCheckpoint.settle(drift, headers.stream().filter(h -> h != null).toList());
        for (int i = 0; i < snapshots.size(); i++) {
            byte[] snapshot = snapshots.get(i);
            try (DataInputStream in =
                    new DataInputStream(new ByteArrayInputStream(snapshot, bodies[i], snapshot.length - bodies[i]))) {
                readRecords(states, in, headers.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("the machine states in the checkpoint are unreadable", e);
            }
        }
        states.restoredAt = Math.max(states.restoredAt, now);
    }

    private static void readRecords(MachineStates states, DataInputStream in, DriftCheckpoint.Header drift)
            throws IOException {
        long base = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            MachineState m = new MachineState(in.readUTF());
            m.regime = (int) VarLongs.read(in) - 1;
            readTrack(in, m);
            m.updatedAt = base - VarLongs.read(in);
            if (drift != null) {
                DriftCheckpoint.readWindow(drift, m, in);
            }
            merge(states, m);
        }
    }

    private static void merge(MachineStates states, MachineState m) {
        states.machines.merge(m.machineId(), m, (a, b) -> a.updatedAt >= b.updatedAt ? a : b);
    }

    /** Adds the regime tracks of a snapshot of the former {@code regime-tracks} state, unclaimed, without windows. */
    public static void restoreTracks(MachineStates states, byte[] snapshot, long now) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int format = in.readInt();
            if (format != TRACKS_FORMAT) {
                throw new IllegalStateException(
                        "regime tracks in format " + format + ", this job reads format " + TRACKS_FORMAT);
            }
            long base = in.readLong();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                MachineState m = new MachineState(in.readUTF());
                m.regime = (int) VarLongs.read(in);
                readTrack(in, m);
                m.updatedAt = base - VarLongs.read(in);
                merge(states, m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("regime tracks in the checkpoint are unreadable", e);
        }
        states.restoredAt = Math.max(states.restoredAt, now);
    }
}
