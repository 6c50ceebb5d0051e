package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model state in checkpoints: what identifies the model (never its bytes), its drift baseline,
 * the last sequence, and state written by older jobs, which held the model's bytes.
 */
class AppliedModelsTest {

    private static final DriftBaseline BASELINE = new DriftBaseline(
            new TrainingDistribution(5000, 38, 71, new double[] {40, 41, 47, 48, 49, 56, 57, 65, 67}),
            List.of(new RegimeSummary(0, 40, 0.8, 10)),
            null);
    private static final String SHA = "ab".repeat(32);

    @Test
    void whatIdentifiesTheModelRoundTripsWithoutItsBytes() {
        ModelIdentity byLocation = new ModelIdentity(
                "k3-b",
                SHA,
                "file:///models/k3/model.pmml",
                1_764_213_600_123L,
                "cd".repeat(32),
                new ModelIdentity.AtLocation("file:///models/k3/model.pmml"),
                BASELINE);
        ModelIdentity inline = new ModelIdentity(
                "k3-c", SHA, "inline PMML of k3-c", 9, "ef".repeat(32), new ModelIdentity.OnControlTopic(0, 41), null);

        AppliedModels read = AppliedModels.fromBytes(
                new AppliedModels(0, 1, 7, 1_764_213_600_123L, byLocation, Map.of(0, 3L)).toBytes());
        byte[] inlineBytes = new AppliedModels(0, 1, 7, 9, inline, Map.of(0, 42L)).toBytes();

        assertThat(read.active()).isEqualTo(byLocation);
        assertThat(read.active().baseline().distribution().deciles())
                .containsExactly(40, 41, 47, 48, 49, 56, 57, 65, 67);
        assertThat(read.lastSequence()).isEqualTo(1_764_213_600_123L);
        assertThat(read.followFromMillis()).isEqualTo(7);
        assertThat(read.nextOffsets()).containsEntry(0, 3L);
        assertThat(AppliedModels.fromBytes(inlineBytes).active()).isEqualTo(inline);
        assertThat(inlineBytes.length)
                .as("a few hundred bytes, whatever the model's size")
                .isLessThan(400);
        assertThat(AppliedModels.fromBytes(new AppliedModels(0, 1, 7, 0, null, Map.of()).toBytes())
                        .active())
                .isNull();
    }

    @Test
    void stateOfFormatOneKeepsTheModelsBytesWithoutABaseline() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) { // the layout savepoints/graph-1 holds
            out.writeInt(1);
            writeOlderEntry(out);
        }

        AppliedModels read = AppliedModels.fromBytes(bytes.toByteArray());

        assertThat(read.active().version()).isEqualTo("k3-b");
        assertThat(read.active().baseline()).isNull();
        assertThat(read.active().sequence()).as("older announcements had none").isZero();
        assertThat(read.active().origin())
                .isInstanceOfSatisfying(
                        ModelIdentity.Embedded.class,
                        e -> assertThat(new String(e.pmml(), StandardCharsets.UTF_8))
                                .isEqualTo("<PMML/>"));
        assertThat(read.lastSequence()).isZero();
        assertThat(read.nextOffsets()).containsEntry(0, 3L);
        ModelIdentity kept = AppliedModels.fromBytes(read.toBytes()).active();
        assertThat(kept.origin())
                .as("written again, the bytes stay until another model replaces it")
                .isInstanceOf(ModelIdentity.Embedded.class);
    }

    @Test
    void stateOfFormatTwoKeepsTheModelsBytesAndItsBaseline() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            writeOlderEntry(out);
            byte[] json = io.regimestream.common.codec.Json.mapper().writeValueAsBytes(BASELINE);
            out.writeBoolean(true);
            out.writeInt(json.length);
            out.write(json);
        }

        AppliedModels read = AppliedModels.fromBytes(bytes.toByteArray());

        assertThat(read.active().baseline()).isEqualTo(BASELINE);
        assertThat(read.active().origin()).isInstanceOf(ModelIdentity.Embedded.class);
    }

    /** Subtask 0 of 1, follow-from 7, model k3-b with its bytes, offsets {0: 3}: formats 1 and 2 alike. */
    private static void writeOlderEntry(DataOutputStream out) throws Exception {
        out.writeInt(0);
        out.writeInt(1);
        out.writeLong(7);
        out.writeBoolean(true);
        out.writeUTF("k3-b");
        out.writeUTF("inline PMML of k3-b");
        out.writeUTF(SHA);
        out.writeInt(7);
        out.write("<PMML/>".getBytes(StandardCharsets.UTF_8));
        out.writeInt(1);
        out.writeInt(0);
        out.writeLong(3);
    }
}
