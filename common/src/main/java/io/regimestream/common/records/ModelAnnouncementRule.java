package io.regimestream.common.records;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * What a model announcement must look like before anyone acts on it: the one rule for the job
 * (which refuses anything else) and the training publisher (so it cannot publish what the job
 * refuses). Every field ends up somewhere strict: the version becomes an InfluxDB tag, a Kafka
 * key, a metric and a log line, and the accepted announcement is kept in checkpoints, so one
 * bad value would otherwise fail every restart.
 */
public final class ModelAnnouncementRule {

    /** Short and printable: safe as an InfluxDB tag, a Kafka key, a file name and in a log line. */
    public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Same shape as a version: it is only a name for the key. */
    public static final Pattern KEY_ID = VERSION;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    /** An Ed25519 signature is 64 bytes. */
    public static final int SIGNATURE_BYTES = 64;

    public static final int MAX_LOCATION_LENGTH = 2048;
    /** Nothing of ours was published before this; an earlier time (or none: 0) is a broken publisher. */
    public static final Instant EARLIEST_PUBLISHED_AT = Instant.parse("2020-01-01T00:00:00Z");
    /** Clock skew tolerated between publisher and job. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);
    /** The longest message on the control topic worth parsing: the inline limit plus room for the other fields. */
    public static final int MAX_ANNOUNCEMENT_BYTES = ModelAnnouncement.MAX_INLINE_PMML_BYTES + 64 * 1024;

    private ModelAnnouncementRule() {}

    /**
     * Checks every field of {@code a}.
     *
     * @param nowMillis the checker's clock, for {@code publishedAt}
     * @throws IllegalArgumentException with the first problem found, quoting values only escaped and shortened
     */
    public static void check(ModelAnnouncement a, long nowMillis) {
        checkVersion(a.version());
        if (!SHA256.matcher(a.sha256()).matches()) {
            throw new IllegalArgumentException("\"sha256\" must be 64 hex digits, was '" + printable(a.sha256()) + "'");
        }
        if ((a.location() == null) == (a.pmml() == null)) {
            throw new IllegalArgumentException("a model announcement needs either \"location\" or \"pmml\", not "
                    + (a.location() == null ? "neither" : "both"));
        }
        if (a.location() != null) {
            checkLocation(a.location());
        } else {
            int bytes = a.pmml().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > ModelAnnouncement.MAX_INLINE_PMML_BYTES) {
                throw new IllegalArgumentException("inline \"pmml\" is " + bytes + " bytes, more than the "
                        + ModelAnnouncement.MAX_INLINE_PMML_BYTES
                        + " allowed inline: announce a larger model by \"location\"");
            }
        }
        checkPublishedAt(a.publishedAt(), nowMillis);
        if (a.sequence() < 1) {
            throw new IllegalArgumentException("\"sequence\" must be a positive integer, was " + a.sequence());
        }
        if (a.keyId() != null && !KEY_ID.matcher(a.keyId()).matches()) {
            throw new IllegalArgumentException(
                    "\"keyId\" must match " + KEY_ID.pattern() + ", was '" + printable(a.keyId()) + "'");
        }
        if (a.signature() != null) {
            checkSignatureShape(a.signature());
        }
        if (a.baseline() != null) {
            a.baseline().check();
        }
        if (a.canary() != null) {
            a.canary().check();
        }
    }

    /** @throws IllegalArgumentException when {@code version} could not be a tag, key and log line as it is */
    public static void checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    "\"version\" must be 1 to 64 letters, digits, '.', '_' or '-' (it becomes an "
                            + "InfluxDB tag and a Kafka key), was '" + printable(version) + "'");
        }
    }

    private static void checkLocation(String location) {
        if (location.length() > MAX_LOCATION_LENGTH) {
            throw new IllegalArgumentException("\"location\" is longer than " + MAX_LOCATION_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(location); // strict: no spaces, control characters or backslashes
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"location\" is not a URI: '" + printable(location) + "' ("
                    + e.getReason() + "); give one like file:///models/k3/model.pmml or s3://bucket/k3/model.pmml");
        }
        if (uri.getScheme() == null
                || !SCHEME.matcher(uri.getScheme()).matches()
                || uri.isOpaque()
                || uri.getPath() == null
                || uri.getPath().isEmpty()) {
            throw new IllegalArgumentException("\"location\" must be a URI with a scheme and a path, like "
                    + "file:///models/k3/model.pmml or s3://bucket/k3/model.pmml, was '" + printable(location) + "'");
        }
    }

    private static void checkPublishedAt(long publishedAt, long nowMillis) {
        if (publishedAt < EARLIEST_PUBLISHED_AT.toEpochMilli()) {
            throw new IllegalArgumentException("\"publishedAt\" must be epoch milliseconds after "
                    + EARLIEST_PUBLISHED_AT + ", was " + publishedAt);
        }
        if (publishedAt > nowMillis + MAX_FUTURE_SKEW.toMillis()) {
            throw new IllegalArgumentException("\"publishedAt\" " + Instant.ofEpochMilli(publishedAt) + " is more than "
                    + MAX_FUTURE_SKEW.toHours() + " h in the future: check the publisher's clock");
        }
    }

    private static void checkSignatureShape(String signature) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"signature\" is not base64");
        }
        if (raw.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException(
                    "\"signature\" must be " + SIGNATURE_BYTES + " bytes (Ed25519), was " + raw.length);
        }
    }

    /**
     * {@code s} made safe to quote in a message: control characters, backslashes and anything
     * outside printable ASCII escaped as {@code \\uXXXX}, cut after 80 characters.
     */
    public static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        int limit = Math.min(s.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return s.length() > limit ? out + "... (" + s.length() + " characters)" : out.toString();
    }
}
