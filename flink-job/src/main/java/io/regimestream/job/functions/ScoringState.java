package io.regimestream.job.functions;

import io.regimestream.job.canary.CanaryState;
import io.regimestream.job.updates.AppliedModels;
import io.regimestream.job.updates.ShadowModels;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * The scoring operator's state ({@link ScoreReadings}): five union lists of bytes, one entry per task
 * each (the tracks and drift windows: per task, of the machines it saw). On restore it reads what the
 * task takes back: the {@value #MODEL_STATE} entry {@link AppliedModels#choose} picks, the
 * {@value #SHADOW_STATE} and {@value #CANARY_STATE} entries written beside it, all tracks and all
 * drift windows (each decides what it keeps); at a checkpoint it writes the task's own entries.
 */
final class ScoringState {

    static final String MODEL_STATE = "applied-models";
    static final String TRACKS_STATE = "regime-tracks";
    static final String SHADOW_STATE = "shadow-models";
    static final String DRIFT_STATE = "drift-windows";
    static final String CANARY_STATE = "canary";

    private ListState<byte[]> models;
    private ListState<byte[]> tracks;
    private ListState<byte[]> shadow;
    private ListState<byte[]> drift;
    private ListState<byte[]> canary;
    AppliedModels restoredModels;
    ShadowModels restoredShadow;
    CanaryState restoredCanary;
    List<byte[]> restoredTracks = new ArrayList<>();
    List<byte[]> restoredDrift = new ArrayList<>();

    void initialize(StateInitializationContext context, int subtask, int parallelism) throws Exception {
        models = unionState(context, MODEL_STATE);
        tracks = unionState(context, TRACKS_STATE);
        shadow = unionState(context, SHADOW_STATE);
        drift = unionState(context, DRIFT_STATE);
        canary = unionState(context, CANARY_STATE);
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
        tracks.get().forEach(restoredTracks::add);
        drift.get().forEach(restoredDrift::add);
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
        restoredTracks = null;
        restoredDrift = null;
    }

    void snapshot(ModelControl control, ReadingScorer scorer, int subtask, int parallelism) throws Exception {
        models.update(List.of(control.applied(subtask, parallelism).toBytes()));
        tracks.update(List.of(scorer.tracks().snapshot(subtask, parallelism)));
        shadow.update(List.of(control.shadow(subtask, parallelism).toBytes()));
        drift.update(scorer.drift() == null ? List.of() : List.of(scorer.drift().snapshot(subtask, parallelism)));
        canary.update(List.of(control.canary().toBytes()));
    }
}
