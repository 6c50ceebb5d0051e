package io.regimestream.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.ModelStatus;

/** What a scoring task did with a model announcement (activated, rejected, ...) as JSON. */
public final class ModelStatusCodec {

    private ModelStatusCodec() {
    }

    public static byte[] toJson(ModelStatus s) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("version", s.version());
            g.writeStringField("outcome", s.outcome().code());
            g.writeStringField("detail", s.detail());
            g.writeStringField("source", s.source());
            g.writeStringField("task", s.task());
            g.writeNumberField("time", s.time());
            g.writeEndObject();
        });
    }

    public static ModelStatus fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        return new ModelStatus(n.path("version").asText(), ModelStatus.Outcome.fromCode(n.path("outcome").asText()),
                n.path("detail").asText(), n.path("source").asText(), n.path("task").asText(), n.path("time").asLong());
    }
}
