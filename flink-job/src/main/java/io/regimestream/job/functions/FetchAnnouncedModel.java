package io.regimestream.job.functions;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.job.model.AnnouncementPolicy;
import io.regimestream.job.model.ModelArtifact;
import io.regimestream.job.model.ModelException;
import io.regimestream.job.records.KafkaRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns announcements from the control topic into model bytes with a matching sha256, once for
 * the whole job (parallelism 1): every scoring task then gets the very same bytes, so they all
 * decide alike and a location is read once, not by each task. An announcement that is malformed,
 * not admitted by the {@link AnnouncementPolicy} (signature, location allow-list), unreadable or
 * with a wrong sha256 is rejected here: logged, counted ({@code modelAnnouncementsRejected}) and
 * reported on {@link ModelStatuses#TAG}.
 */
public class FetchAnnouncedModel extends ProcessFunction<KafkaRecord, ModelArtifact> {

    public static final String NAME = "fetch-announced-model";
    private static final Logger LOG = LoggerFactory.getLogger(FetchAnnouncedModel.class);

    private final AnnouncementPolicy policy;
    private transient Counter rejected;
    private transient String task;

    public FetchAnnouncedModel(AnnouncementPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("modelAnnouncementsRejected");
        var info = getRuntimeContext().getTaskInfo();
        task = ModelStatuses.task(NAME, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<ModelArtifact> out) {
        ModelAnnouncement announcement;
        try {
            announcement = RecordCodec.parseModelAnnouncement(record.value());
        } catch (IllegalArgumentException e) {
            reject(ctx, "", record.topic() + "-" + record.partition() + "@" + record.offset(),
                    "not a model announcement: " + e.getMessage());
            return;
        }
        try {
            ModelArtifact artifact = ModelArtifact.fetch(announcement, policy);
            LOG.info("Model {} announced ({}), sha256 matches: handing it to the scoring tasks", announcement.version(),
                    announcement.source());
            out.collect(artifact);
        } catch (ModelException e) {
            reject(ctx, announcement.version(), announcement.source(), e.getMessage());
        }
    }

    private void reject(Context ctx, String version, String source, String why) {
        rejected.inc();
        LOG.warn("Model announcement {} rejected, scoring continues with the current model: {}", version, why);
        ctx.output(ModelStatuses.TAG, new ModelStatus(version, ModelStatus.Outcome.REJECTED, why, source, task,
                System.currentTimeMillis()));
    }
}
