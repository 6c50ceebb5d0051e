package io.regimestream.job.functions;

import io.regimestream.job.canary.CanaryState;
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
 * The scoring operator's state ({@link ScoreReadings}): union lists of bytes, one entry per task
 * each, so all of it survives rescaling.
 * <ul>
 *   <li>{@value #MODEL_STATE}: what identifies the active announced model ({@link AppliedModels}).</li>
 *   <li>{@value #SHADOW_STATE} and {@value #CANARY_STATE}: what identifies the shadow model
 *       ({@link ShadowModels}) and the canary ({@link CanaryState}), restored with the
 *       {@value #MODEL_STATE} entry {@link AppliedModels#choose} picks.</li>
 *   <li>{@value #MACHINES_STATE}: the per-machine records, regime tracks and drift windows
 *       ({@link MachineStateSnapshots}): every task restores all of them (each decides what it keeps).</li>
 *   <li>{@value #TRACKS_STATE} and {@value #DRIFT_STATE}: what savepoints before the per-machine
 *       records held. The tracks are read into the records; the old drift windows are not (they
 *       counted against the deciles of all training readings, the records' against each regime's):
 *       the windows start empty. Both are emptied at the first checkpoint.</li>
 * </ul>
 */
final class ScoringState {

    static final String MODEL_STATE = "applied-models";
    static final String SHADOW_STATE = "shadow-models";
    static final String MACHINES_STATE = "machine-states";
    static final String CANARY_STATE = "canary";
    static final String TRACKS_STATE = "regime-tracks";
    static final String DRIFT_STATE = "drift-windows";

    private ListState<byte[]> models;
    private ListState<byte[]> shadow;
    private ListState<byte[]> machines;
    private ListState<byte[]> canary;
    private ListState<byte[]> oldTracks;
    private ListState<byte[]> oldWindows;
    AppliedModels restoredModels;
    ShadowModels restoredShadow;
    CanaryState restoredCanary;
    List<byte[]> restoredMachines = new ArrayList<>();
    List<byte[]> restoredTracks = new ArrayList<>();

    void initialize(StateInitializationContext context, int subtask, int parallelism) throws Exception {
        models = unionState(context, MODEL_STATE);
        shadow = unionState(context, SHADOW_STATE);
        machines = unionState(context, MACHINES_STATE);
        canary = unionState(context, CANARY_STATE);
        oldTracks = unionState(context, TRACKS_STATE);
        oldWindows = unionState(context, DRIFT_STATE);
        if (!context.isRestored()) {
            return;
        }
        List<AppliedModels> entries = new ArrayList<>();
        models.get().forEach(bytes -> entries.add(AppliedModels.fromBytes(bytes)));
        restoredModels = AppliedModels.choose(entries, subtask, parallelism);
        List<ShadowModels> shadows = new ArrayList<>();
        shadow.get().forEach(bytes -> shadows.add(ShadowModels.fromBytes(bytes)));
        restoredShadow = ShadowModels.choose(shadows, restoredModels);
        List<CanaryState> canaries = new ArrayList<>();
        canary.get().forEach(bytes -> canaries.add(CanaryState.fromBytes(bytes)));
        restoredCanary = CanaryState.choose(canaries, restoredModels);
        machines.get().forEach(restoredMachines::add);
        oldTracks.get().forEach(restoredTracks::add);
    }

    private static ListState<byte[]> unionState(StateInitializationContext context, String name) throws Exception {
        return context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /** Once the task has taken back what it restored: nothing of it is kept. */
    void forgetRestored() {
        restoredModels = null;
        restoredShadow = null;
        restoredCanary = null;
        restoredMachines = null;
        restoredTracks = null;
    }

    /** Writes this task's entries; the states of older savepoints are emptied (every union entry would grow back otherwise). */
    void snapshot(ModelControl control, ReadingScorer scorer, int subtask, int parallelism) throws Exception {
        models.update(List.of(control.applied(subtask, parallelism).toBytes()));
        shadow.update(List.of(control.shadow(subtask, parallelism).toBytes()));
        machines.update(
                List.of(MachineStateSnapshots.snapshot(scorer.machines(), subtask, parallelism, scorer.drift())));
        canary.update(List.of(control.canary().toBytes()));
        oldTracks.clear();
        oldWindows.clear();
    }
}
