package io.regimestream.job.functions;

import io.regimestream.job.machines.MachineStateSnapshots;
import io.regimestream.job.updates.AppliedModels;
import io.regimestream.job.updates.ShadowModels;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * {@link ScoreReadings}' state in checkpoints: union list states of bytes, each entry one task's
 * (so all of it survives rescaling), registered, read back on restore and written on snapshot.
 * <ul>
 *   <li>{@value #MODEL_STATE}: what identifies the active announced model ({@link AppliedModels}).</li>
 *   <li>{@value #SHADOW_STATE}: what identifies the shadow model ({@link ShadowModels}).</li>
 *   <li>{@value #MACHINES_STATE}: the per-machine records, regime tracks and drift windows
 *       ({@link MachineStateSnapshots}).</li>
 *   <li>{@value #TRACKS_STATE} and {@value #DRIFT_STATE}: what savepoints before the per-machine
 *       records held. The tracks are read into the records; the old drift windows are not (they
 *       counted against the deciles of all training readings, the records' against each regime's):
 *       the windows start empty. Both are emptied at the first checkpoint.</li>
 * </ul>
 */
final class ScoringStates {

    static final String MODEL_STATE = "applied-models";
    static final String SHADOW_STATE = "shadow-models";
    static final String MACHINES_STATE = "machine-states";
    static final String TRACKS_STATE = "regime-tracks";
    static final String DRIFT_STATE = "drift-windows";

    final ListState<byte[]> models;
    final ListState<byte[]> shadows;
    final ListState<byte[]> machines;
    private final ListState<byte[]> oldTracks;
    private final ListState<byte[]> oldWindows;
    /** What a restored task got back, until it took it (empty lists for a fresh one). */
    final List<byte[]> restoredMachines = new ArrayList<>();

    final List<byte[]> restoredTracks = new ArrayList<>();

    ScoringStates(StateInitializationContext context) throws Exception {
        models = unionState(context, MODEL_STATE);
        shadows = unionState(context, SHADOW_STATE);
        machines = unionState(context, MACHINES_STATE);
        oldTracks = unionState(context, TRACKS_STATE);
        oldWindows = unionState(context, DRIFT_STATE);
        if (context.isRestored()) {
            machines.get().forEach(restoredMachines::add);
            oldTracks.get().forEach(restoredTracks::add);
        }
    }

    private static ListState<byte[]> unionState(StateInitializationContext context, String name) throws Exception {
        return context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /** The restored model entries, one per task of the previous run. */
    List<AppliedModels> appliedModels() throws Exception {
        List<AppliedModels> entries = new ArrayList<>();
        for (byte[] bytes : models.get()) {
            entries.add(AppliedModels.fromBytes(bytes));
        }
        return entries;
    }

    /** The restored shadow entries, one per task of the previous run. */
    List<ShadowModels> shadowModels() throws Exception {
        List<ShadowModels> entries = new ArrayList<>();
        for (byte[] bytes : shadows.get()) {
            entries.add(ShadowModels.fromBytes(bytes));
        }
        return entries;
    }

    /** Writes this task's entries; the states of older savepoints are emptied (every union entry would grow back otherwise). */
    void update(byte[] model, byte[] shadow, byte[] machineStates) throws Exception {
        models.update(List.of(model));
        shadows.update(List.of(shadow));
        machines.update(List.of(machineStates));
        oldTracks.clear();
        oldWindows.clear();
    }
}
