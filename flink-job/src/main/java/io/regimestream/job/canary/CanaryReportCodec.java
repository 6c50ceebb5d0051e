package io.regimestream.job.canary;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.CanonicalJson;
import io.regimestream.common.codec.Json;
import io.regimestream.job.health.FitCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canary reports on the control topic as JSON, told apart from model announcements by how they
 * begin: {@code {"canaryReport":{"job":..,"version":..,"sequence":..,"activeVersion":..,"task":1,
 * "tasks":2,"from":..,"to":..,"candidate":{"readings":..,"lowConfidence":..,"outOfRange":..,
 * "bins":[..]},"active":{..}},"mac":".."}}. The MAC is over the message's canonical form without
 * {@code mac} ({@link CanonicalJson}, as announcements are signed).
 */
public final class CanaryReportCodec {

    private static final String MAC = "mac";
    private static final byte[] START = "{\"canaryReport\":".getBytes(StandardCharsets.UTF_8);
    /** Far more than a report takes (about 400 bytes): a longer record is no report of ours. */
    private static final int MAX_BYTES = 8 * 1024;

    private CanaryReportCodec() {}

    /** True for a record that is a canary report (or claims to be one), not a model announcement. */
    public static boolean isReport(byte[] value) {
        return value != null
                && value.length >= START.length
                && Arrays.equals(value, 0, START.length, START, 0, START.length);
    }

    public static byte[] toJson(CanaryReport r) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("canaryReport");
            g.writeStringField("job", r.job());
            g.writeStringField("version", r.candidateVersion());
            g.writeNumberField("sequence", r.sequence());
            g.writeStringField("activeVersion", r.activeVersion());
            g.writeNumberField("task", r.task());
            g.writeNumberField("tasks", r.tasks());
            g.writeNumberField("from", r.fromMillis());
            g.writeNumberField("to", r.toMillis());
            g.writeFieldName("candidate");
            writeCounts(g, r.candidate());
            g.writeFieldName("active");
            writeCounts(g, r.active());
            g.writeEndObject();
            if (r.mac() != null) {
                g.writeStringField(MAC, r.mac());
            }
            g.writeEndObject();
        });
    }

    private static void writeCounts(JsonGenerator g, FitCounts c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("readings", c.readings());
        g.writeNumberField("lowConfidence", c.lowConfidence());
        g.writeNumberField("outOfRange", c.outOfRange());
        if (c.bins() != null) {
            g.writeArrayFieldStart("bins");
            for (long b : c.bins()) {
                g.writeNumber(b);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** What the MAC covers: the canonical form of {@code json} without its {@code mac}. */
    static byte[] sealedContent(byte[] json) {
        return CanonicalJson.of(json, MAC);
    }

    /**
     * The report in {@code json}, if {@code seal} verifies it.
     *
     * @throws IllegalArgumentException when it is not a well-formed report
     * @throws ForeignReportException   when it is another job's, or not sealed by this job's key
     */
    public static CanaryReport read(byte[] json, CanarySeal seal) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("a canary report of " + json.length + " bytes is too long");
        }
        JsonNode n = Json.tree(json);
        JsonNode r = n.path("canaryReport");
        String job = r.path("job").asText();
        if (!job.equals(seal.keyId())) {
            throw new ForeignReportException("another job's (report key " + job + ")", false);
        }
        if (!n.path(MAC).isTextual()
                || !seal.verifies(sealedContent(json), n.path(MAC).asText())) {
            throw new ForeignReportException(
                    "names this job's report key, but its MAC does not verify: not written by this job (forged?)",
                    true);
        }
        return new CanaryReport(
                job,
                r.path("version").asText(),
                r.path("sequence").asLong(),
                r.path("activeVersion").asText(),
                r.path("task").asInt(),
                r.path("tasks").asInt(),
                r.path("from").asLong(),
                r.path("to").asLong(),
                counts(r.path("candidate")),
                counts(r.path("active")),
                n.path(MAC).asText());
    }

    private static FitCounts counts(JsonNode c) {
        long[] bins = null;
        JsonNode b = c.get("bins");
        if (b != null) {
            bins = new long[b.size()];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = b.get(i).asLong();
            }
        }
        return new FitCounts(
                c.path("readings").asLong(),
                c.path("lowConfidence").asLong(),
                c.path("outOfRange").asLong(),
                bins);
    }

    /** A report this job must not count: another job's, or one that is not what it claims. */
    public static final class ForeignReportException extends RuntimeException {
        private final boolean forged;

        ForeignReportException(String message, boolean forged) {
            super(message);
            this.forged = forged;
        }

        /** True when it claims to be this job's but is not: worth a WARN. */
        public boolean forged() {
            return forged;
        }
    }
}
